"""Work done in a separate process against a real site folder (tests/core/site.py):
`python -m tests.core.site_scripts populate DEMO`, `… grids COUNT`, `… connections COUNT`
or `… first_request`,
with the site's NDRC_* environment."""

import os
import pickle
import sys
from pathlib import Path

import django


def populate(demo: str = "") -> None:
    """The database migrated (as `ndrc migrate` does), then the whole demo of `ndrc demo` (its
    rows and files as the test run's own `ndrc demo` wrote them, when on the same kind of
    database: `demo`, a pickle of the `demo_command` fixture of tests/conftest.py; else `ndrc
    demo` run here), a generated PDF and a few uploaded files of odd names."""
    from django.conf import settings
    from django.core.management import call_command

    from ndrc.assessments.models import AssessmentSituation
    from ndrc.assessments.services import grid_document
    from ndrc.core.models import User

    call_command("migrate", interactive=False, verbosity=0)
    if demo:
        _put_back(pickle.loads(Path(demo).read_bytes()))  # noqa: S301 (written by the test run)
    else:
        call_command("demo", verbosity=0)
    situation = AssessmentSituation.objects.order_by("pk").first()
    grid_document(situation=situation, by=User.objects.get(username="responsable"))
    media = settings.MEDIA_ROOT
    os.makedirs(os.path.join(media, "pièces jointes", "2026"), exist_ok=True)
    with open(os.path.join(media, "pièces jointes", "2026", "fiche n°1 (copie).odt"), "wb") as f:
        f.write(bytes(range(256)) * 64)
    with open(os.path.join(media, "vide.txt"), "wb"):
        pass


def _put_back(demo: dict) -> None:
    """The demo's rows and files, written again here rather than built a second time. The run
    built them with the tests' fast password hasher (tests/conftest.py), which this site does not
    know: its logins get this site's hash of the same demo password, hashed once as the demo
    does."""
    from django.conf import settings
    from django.contrib.auth.hashers import MD5PasswordHasher, make_password
    from django.db import transaction

    from ndrc.core.demo import DEMO_PASSWORD
    from ndrc.core.models import User
    from tests import snapshot

    with transaction.atomic():
        snapshot.restore(demo["rows"])
        fast = User.objects.filter(password__startswith="md5$")
        assert all(
            MD5PasswordHasher().verify(DEMO_PASSWORD, p)
            for p in fast.values_list("password", flat=True)
        )
        fast.update(password=make_password(DEMO_PASSWORD))
    for name, data in demo["files"].items():
        path = Path(settings.MEDIA_ROOT) / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def grids(count: str) -> None:
    """Generate the filled grid of the demo's first CCF situation in `count` processes at once,
    forked from this one once Django is loaded (as gunicorn forks its workers from the process
    that ran `ndrc serve`): each opens its own connection, waits until all are started, then
    generates. Prints one line a process: `ok`, or its error."""
    import multiprocessing
    import traceback

    # A server process has laid out a document before: WeasyPrint is imported (a second of CPU
    # each child would otherwise spend before reaching the database).
    import weasyprint  # noqa: F401
    from django.db import connections

    from ndrc.assessments.models import AssessmentSituation
    from ndrc.assessments.services import grid_document
    from ndrc.core.models import User

    situation = AssessmentSituation.objects.order_by("pk").first().pk
    manager = User.objects.get(username="responsable").pk
    connections.close_all()  # nothing opened here crosses the fork
    fork = multiprocessing.get_context("fork")
    all_started, outcomes = fork.Barrier(int(count)), fork.Queue()

    def generate() -> None:
        try:
            all_started.wait(timeout=300)
            grid_document(
                situation=AssessmentSituation.objects.get(pk=situation),
                by=User.objects.get(pk=manager),
            )
            outcomes.put("ok")
        except BaseException:
            outcomes.put(traceback.format_exc())

    processes = [fork.Process(target=generate) for _ in range(int(count))]
    for process in processes:
        process.start()
    for _ in processes:
        print(outcomes.get(timeout=300).replace("\n", " | "), flush=True)
    for process in processes:
        process.join(timeout=60)


def connections(count: str) -> None:
    """`count` requests of a logged-in person answered by the server's WSGI handler in this
    thread, as a thread of `ndrc serve` answers them one after the other: prints how many
    database connections they opened."""
    from django.contrib.auth import get_user_model
    from django.core.handlers.wsgi import WSGIHandler
    from django.db import connections as databases
    from django.db.backends.signals import connection_created
    from django.test import Client, RequestFactory

    person = get_user_model().objects.create_user("connexions")
    client = Client()
    client.force_login(person)
    cookie = f"sessionid={client.cookies['sessionid'].value}"
    databases.close_all()
    opened: list[object] = []
    connection_created.connect(lambda sender, connection, **kwargs: opened.append(connection))
    handler = WSGIHandler()
    for _ in range(int(count)):
        environ = RequestFactory().get("/", HTTP_COOKIE=cookie, secure=True).environ
        response = handler(environ, lambda status, headers: None)
        assert response.status_code == 200, response.status_code  # the session and user read
        response.close()  # the server's end of a request (`request_finished`)
    print(len(opened))


def first_request() -> None:
    """The application loaded as `ndrc serve` loads it before its processes fork, then a first
    request answered: prints the application's modules that request imported, one a line."""
    from django.test import RequestFactory

    from ndrc.core.management.commands.serve import _Gunicorn

    application = _Gunicorn({}).load()
    loaded = set(sys.modules)
    environ = RequestFactory().get("/connexion/", secure=True).environ
    response = application(environ, lambda status, headers: None)
    assert response.status_code == 200, response.status_code
    response.close()
    print("\n".join(sorted(m for m in set(sys.modules) - loaded if m.startswith("ndrc."))))


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ndrc.settings")
    django.setup()
    {
        "populate": populate,
        "grids": grids,
        "connections": connections,
        "first_request": first_request,
    }[sys.argv[1]](*sys.argv[2:])
