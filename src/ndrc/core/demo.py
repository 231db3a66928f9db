"""Core's part of the demo population: the centre and one login per role, with the password
`ndrc demo` prints. The whole population is put together by `ndrc.demo`, each app adding its
part. Deterministic (no randomness), French names, valid identifiers.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password

from ndrc.core import audit
from ndrc.core import services as core_services
from ndrc.core.models import AuditAction, Role, TrainingCentre

User = get_user_model()

# Printed by `ndrc demo`: the demo is for a local try-out, never for production data.
DEMO_PASSWORD = "demo-ndrc-2026"  # noqa: S105

CENTRE = {
    "name": "Lycée Jean Monnet — section BTS NDRC",
    "uai": "0691234S",
    "siret": "19690026000015",
    "address": "12 rue des Lilas, 69003 Lyon",
}

# login, first name, last name, role (the learner and company logins are linked by their apps)
LOGINS = [
    ("admin", "Nadia", "Benali", Role.ADMINISTRATOR),
    ("responsable", "Claire", "Martin", Role.TRAINING_MANAGER),
    ("enseignant", "Paul", "Girard", Role.TEACHER),
    ("enseignante", "Hélène", "Roux", Role.TEACHER),
    ("examens", "Bruno", "Lefèvre", Role.EXAM_OFFICE),
    ("apprenant", "Lucas", "Bernard", Role.LEARNER),
    ("maitre", "Sophie", "Laurent", Role.APPRENTICESHIP_MASTER),
    ("tuteur", "Marc", "Dubois", Role.INTERNSHIP_TUTOR),
]


def create_core_demo() -> tuple[TrainingCentre, dict[str, "User"]]:
    """The demo centre and its logins by login name, created once (the caller's transaction)."""
    centre = TrainingCentre.objects.filter(uai=CENTRE["uai"]).first()
    if centre is None:
        centre = _create()
    users = {u.username: u for u in User.objects.filter(username__in=_logins())}
    return centre, users


def _logins() -> list[str]:
    return [login for login, *_rest in LOGINS]


def _create() -> TrainingCentre:
    admin_row = LOGINS[0]
    admin = User.objects.create_superuser(
        username=admin_row[0],
        email="admin@example.fr",
        password=None,
        first_name=admin_row[1],
        last_name=admin_row[2],
    )
    audit.record(action=AuditAction.CREATE, obj=admin, by=admin, after=audit.snapshot(admin))
    centre = core_services.create_training_centre(by=admin, **CENTRE)
    core_services.grant_role(user=admin, training_centre=centre, role=Role.ADMINISTRATOR, by=admin)

    users = {"admin": admin}
    for login, first, last, role in LOGINS[1:]:
        users[login] = core_services.create_user(
            username=login,
            password=None,
            first_name=first,
            last_name=last,
            email=f"{login}@example.fr",
            by=admin,
        )
        core_services.grant_role(user=users[login], training_centre=centre, role=role, by=admin)
    # One shared password, hashed once: key stretching costs a quarter of a second per hash.
    User.objects.filter(pk__in=[u.pk for u in users.values()]).update(
        password=make_password(DEMO_PASSWORD)
    )
    return centre


def demo_logins() -> list[tuple[str, str, str]]:
    """(login, password, role label) for each demo login, for the demo command to print."""
    return [(login, DEMO_PASSWORD, Role(role).label) for login, _f, _l, role in LOGINS]
