"""`ndrc serve [--bind HOST:PORT]`: the application in production mode.

gunicorn runs the WSGI application in several processes of several threads; whitenoise answers
the static files (collected, hashed and compressed first). Debug must be off: the command refuses
to start otherwise. Behind a reverse proxy with TLS, see docs/deploy.md.
"""

import gc
import os
from importlib import import_module
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connections
from django.forms.renderers import get_default_renderer
from django.template import engines
from gunicorn.app.base import BaseApplication


class _Gunicorn(BaseApplication):
    def __init__(self, options: dict[str, Any]) -> None:
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for name, value in self.options.items():
            self.cfg.set(name, value)

    def load(self):
        # The project's WSGI application, named by settings.WSGI_APPLICATION (as runserver does).
        from django.core.servers.basehttp import get_internal_wsgi_application

        application = get_internal_wsgi_application()
        # What Django would load at a process's first request, loaded here once: the views (the
        # URLconf), the template tags and context processors, the form renderer. Otherwise each
        # process recycled after `max_requests` spends ≈0.2 s of CPU on imports in its first
        # request, taken from the other processes' requests.
        import_module(settings.ROOT_URLCONF)
        for backend in engines.all():
            backend.engine.template_context_processors  # noqa: B018  (imports them)
        get_default_renderer()
        connections.close_all()  # loaded before the fork (`preload_app`): no connection crosses it
        # What start-up loaded lives as long as the process: kept out of the collector's
        # rounds, a full collection during a request scans only what requests made (on the
        # bench's dashboard, one request in two paid ~130 ms of CPU for it; bench/pages.py).
        gc.collect()
        gc.freeze()
        return application


class Command(BaseCommand):
    help = "Sert l'application en production : gunicorn, fichiers statiques par whitenoise."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--bind",
            default="127.0.0.1:8000",
            metavar="HÔTE:PORT",
            help="adresse d'écoute (défaut : 127.0.0.1:8000, derrière le proxy inverse)",
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=settings.SERVER_WORKERS,
            help="processus (défaut : NDRC_WORKERS, ou 2 × cœurs + 1, au plus 8)",
        )
        parser.add_argument(
            "--threads",
            type=int,
            default=settings.SERVER_THREADS,
            help="fils par processus (défaut : NDRC_THREADS, ou 4)",
        )
        parser.add_argument(
            "--no-collectstatic",
            action="store_true",
            help="ne pas rassembler les fichiers statiques (déjà faits par le déploiement)",
        )

    def handle(self, *, bind: str, workers: int, threads: int, **options: Any) -> None:
        if settings.DEBUG:
            raise CommandError(
                "ndrc serve sert l'application en production : NDRC_DEBUG doit être désactivé "
                "(pour le développement, utilisez make demo ou ndrc runserver)."
            )
        if workers < 1 or threads < 1:
            raise CommandError("--workers et --threads : au moins 1.")
        if not options["no_collectstatic"]:
            call_command("collectstatic", interactive=False, verbosity=0)
        database = settings.DATABASES["default"]
        pool = database.get("OPTIONS", {}).get("pool")
        if isinstance(pool, dict) and "NDRC_DB_POOL_SIZE" not in os.environ:
            pool["max_size"] = threads  # one connection per thread of each process
        # Nothing opened here may cross the fork into the workers.
        connections.close_all()
        self.stdout.write(
            f"ndrc : http://{bind} — {workers} processus × {threads} fils, "
            f"base {database['ENGINE'].rsplit('.', 1)[-1]}"
        )
        _Gunicorn(
            {
                "bind": bind,
                "workers": workers,
                "threads": threads,
                "worker_class": "gthread",
                # A process takes only the requests its threads can answer now, the others
                # wait in the socket's queue for whichever process frees a thread first: not
                # queued behind a busy process's requests while another is idle (under 20
                # clients, a page's 95th percentile went from ≈2.5 to ≈1.4 times its median;
                # bench/pages.py). No keep-alive then: the proxy opens a connection a request.
                "worker_connections": threads,
                "keepalive": 0,
                "accesslog": "-",
                "errorlog": "-",
                "timeout": 120,  # a request may render a PDF; longer work is a background job
                "graceful_timeout": 30,
                # Recycle a process now and then (WeasyPrint and PDF fonts grow its memory).
                "max_requests": 2000,
                "max_requests_jitter": 200,
                # The application loaded once, before the processes fork: a recycled process
                # starts at once, not after a second or two of imports taken from the others'
                # requests (the slowest answers of bench/pages.py were those seconds).
                "preload_app": True,
                # gunicorn's control socket sits in the home folder, shared by every instance.
                "control_socket_disable": True,
                "proc_name": "ndrc",
            }
        ).run()
