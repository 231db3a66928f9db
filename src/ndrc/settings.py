"""The one settings module. Every knob is an NDRC_* environment variable (see .env.example).

With none set, the application runs on SQLite in a local data folder with a generated secret key.
"""

import os
import secrets
from pathlib import Path
from urllib.parse import unquote, urlparse

from django.core.exceptions import ImproperlyConfigured
from whitenoise.compress import Compressor

PACKAGE_DIR = Path(__file__).resolve().parent
REPOSITORY_DIR = PACKAGE_DIR.parent.parent
DATA_DIR = Path(os.environ.get("NDRC_DATA_DIR", REPOSITORY_DIR / "var")).resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)


def _flag(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _secret_key() -> str:
    if key := os.environ.get("NDRC_SECRET_KEY"):
        return key
    # Generated once per data folder so that sessions survive a restart.
    key_file = DATA_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


def _database(url: str | None) -> dict:
    if not url:
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": DATA_DIR / "ndrc.sqlite3",
            # Each server thread keeps its connection for the next requests (10 minutes at
            # most): opening the file read its schema again and began with an empty cache.
            "CONN_MAX_AGE": 600,
            "OPTIONS": {
                # WAL: readers never wait for the writer. IMMEDIATE: a transaction takes the write
                # lock when it begins, so waiting for it obeys the busy timeout instead of failing
                # at once with "database is locked" when a reader turns writer.
                "init_command": "PRAGMA journal_mode=WAL;",
                "transaction_mode": "IMMEDIATE",
                # One writer at a time: a writer waits this long (seconds) for the others, e.g.
                # 16 PDFs generated at once, each holding the lock while WeasyPrint renders it.
                "timeout": int(os.environ.get("NDRC_SQLITE_TIMEOUT", "30")),
            },
        }
    parsed = urlparse(url)
    if parsed.scheme not in {"postgres", "postgresql"}:
        raise ImproperlyConfigured(
            f"NDRC_DATABASE_URL : schéma « {parsed.scheme} » non pris en charge "
            "(attendu : postgresql://utilisateur:motdepasse@hôte:port/base)."
        )
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": unquote(parsed.path.lstrip("/")),
        "USER": unquote(parsed.username or ""),
        "PASSWORD": unquote(parsed.password or ""),
        "HOST": parsed.hostname or "",
        "PORT": str(parsed.port or ""),
        # A pool per process (psycopg_pool) bounds the connections: `ndrc serve` runs workers x
        # threads, each thread takes a connection for a request and gives it back, so the server
        # never opens more than workers x NDRC_DB_POOL_SIZE (plus one per job worker and command),
        # and a burst of clients waits for a free connection instead of "too many clients".
        "CONN_MAX_AGE": 0,  # the pool keeps the connections (Django refuses both)
        "OPTIONS": {
            "pool": {
                "min_size": 1,
                "max_size": int(os.environ.get("NDRC_DB_POOL_SIZE", str(SERVER_THREADS))),
                "timeout": 30,
            }
        },
    }


# `ndrc serve` (gunicorn): processes x threads per process; the database pool is sized on threads.
SERVER_WORKERS = int(os.environ.get("NDRC_WORKERS", str(min(2 * (os.cpu_count() or 1) + 1, 8))))
SERVER_THREADS = int(os.environ.get("NDRC_THREADS", "4"))

SECRET_KEY = _secret_key()
# Off unless asked for: a forgotten setting must not show tracebacks to anonymous users.
# `make demo` turns it on; `ndrc serve` refuses to run with it.
DEBUG = _flag("NDRC_DEBUG", False)
ALLOWED_HOSTS = [
    h for h in os.environ.get("NDRC_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h
]
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("NDRC_CSRF_TRUSTED_ORIGINS", "").split(",") if o]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "ndrc.core",
    "ndrc.core.ui",
    "ndrc.learners",
    "ndrc.companies",
    "ndrc.contracts",
    "ndrc.portfolio",
    "ndrc.assessments",
    "ndrc.gradebook",
    "ndrc.documents",
    "ndrc.api",
    "ndrc.frameworks",
    "ndrc.exams",
    "ndrc.dashboard",
    "ndrc.demo",
    "ninja",  # the API's documentation page served from static files (no CDN, CSP-friendly)
    "ndrc.imports",
    "ndrc.timetable",
    "ndrc.attendance",
    "ndrc.indicators",
    "ndrc.accounts",
    "ndrc.admissions",
    "django_tasks",
    "django_tasks_db",
    "ndrc.jobs",
    "ndrc.followup",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Static files (CSS, htmx, the API docs' assets) answered before any other work.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "ndrc.core.ui.middleware.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "ndrc.core.ui.middleware.FrenchFirstLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "ndrc.core.middleware.AuditContextMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

# Background jobs (ndrc.jobs): tasks stored in the database, run by `ndrc db_worker` processes,
# on any machine that reaches the database (docs/deploy.md).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

ROOT_URLCONF = "ndrc.urls"
WSGI_APPLICATION = "ndrc.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "ndrc.dashboard.menu.menu",
            ],
        },
    },
]

# Forms are written as Django's form templates write them, without the template engine building
# each field, label and option (ndrc.core.ui.renderers): most of the time of a page with a form.
FORM_RENDERER = "ndrc.core.ui.renderers.StringRenderer"

DATABASES = {"default": _database(os.environ.get("NDRC_DATABASE_URL"))}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "core.User"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# The interface is written in French (the msgids) and translated to English in locale/en.
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français"), ("en", "English")]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Europe/Paris"
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
MEDIA_ROOT = DATA_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "ndrc.core.storage.DataStorage"},
    # Production: `collectstatic` (run by `ndrc serve`) writes each file under a name with its
    # hash, compressed (gzip, Brotli), and whitenoise serves them with a long cache lifetime.
    # Development (runserver) serves the source files as they are.
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "ndrc.core.staticfiles.CompressedOnceStorage"
    },
}
# Only the hashed copies are served (and compressed): the unhashed ones would be stale one day.
WHITENOISE_KEEP_ONLY_HASHED_FILES = True
# Source maps (5.5 MB of them beside the API documentation's scripts) are read only by a
# browser's developer tools: served as they are rather than compressed (10 s of CPU a start).
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = (*Compressor.SKIP_COMPRESS_EXTENSIONS, "map")

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

# E-mail: printed on the server's output until an SMTP server is given (NDRC_EMAIL_HOST).
# An empty variable (`NDRC_EMAIL_BACKEND=` in an environment file) counts as unset.
EMAIL_HOST = os.environ.get("NDRC_EMAIL_HOST") or ""
EMAIL_BACKEND = os.environ.get("NDRC_EMAIL_BACKEND") or (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
EMAIL_PORT = int(os.environ.get("NDRC_EMAIL_PORT") or "587")
EMAIL_HOST_USER = os.environ.get("NDRC_EMAIL_HOST_USER") or ""
EMAIL_HOST_PASSWORD = os.environ.get("NDRC_EMAIL_HOST_PASSWORD") or ""
EMAIL_USE_TLS = _flag("NDRC_EMAIL_USE_TLS", False)
EMAIL_USE_SSL = _flag("NDRC_EMAIL_USE_SSL", False)
if EMAIL_USE_TLS and EMAIL_USE_SSL:
    raise ImproperlyConfigured(
        "NDRC_EMAIL_USE_TLS et NDRC_EMAIL_USE_SSL s'excluent : STARTTLS (port 587) ou TLS "
        "implicite (port 465), pas les deux."
    )
# Seconds: an unreachable server must not hold a request (an applicant's form) for ever.
EMAIL_TIMEOUT = int(os.environ.get("NDRC_EMAIL_TIMEOUT") or "10")
DEFAULT_FROM_EMAIL = os.environ.get("NDRC_DEFAULT_FROM_EMAIL") or "ndrc@localhost"
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The application's address, for the links of the e-mails it sends (followup's weekly digest).
SITE_URL = os.environ.get("NDRC_SITE_URL", "http://127.0.0.1:8000").rstrip("/")

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = _flag("NDRC_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = int(os.environ.get("NDRC_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

# Sessions end after a working day, or when the browser closes; the CSRF cookie is not readable
# by scripts (htmx takes the token from the page, see templates/base.html).
SESSION_COOKIE_AGE = int(os.environ.get("NDRC_SESSION_HOURS", "10")) * 3600
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
CSRF_COOKIE_HTTPONLY = True
PASSWORD_RESET_TIMEOUT = 2 * 3600
# How long the link of an invitation e-mail lets the invited person choose their password.
INVITATION_VALID_DAYS = int(os.environ.get("NDRC_INVITATION_DAYS", "14"))
if _flag("NDRC_BEHIND_PROXY", False):
    # The reverse proxy terminates HTTPS and says so in this header.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Login rate limiting (ndrc.core.ui.throttle): failed logins over a sliding window, in the database.
LOGIN_FAILURE_WINDOW_MINUTES = int(os.environ.get("NDRC_LOGIN_FAILURE_WINDOW_MINUTES", "15"))
LOGIN_FAILURES_PER_USERNAME = int(os.environ.get("NDRC_LOGIN_FAILURES_PER_USERNAME", "5"))
# Higher per address: a lycée's classrooms share one public address behind NAT.
LOGIN_FAILURES_PER_ADDRESS = int(os.environ.get("NDRC_LOGIN_FAILURES_PER_ADDRESS", "20"))
# Behind a reverse proxy, the request header (WSGI name) holding the client's address.
CLIENT_ADDRESS_HEADER = os.environ.get("NDRC_CLIENT_ADDRESS_HEADER", "REMOTE_ADDR")
# Largest file accepted by the import pages (bytes).
IMPORT_MAX_BYTES = int(os.environ.get("NDRC_IMPORT_MAX_BYTES", str(10 * 1024 * 1024)))

# Admissions (issue 18): the public forms and the end of the period without a contract.
# Days before that end at which the centre is alerted (largest first in the dashboard).
ADMISSIONS_ALERT_DAYS = tuple(
    int(days) for days in os.environ.get("NDRC_ADMISSIONS_ALERT_DAYS", "30,14,7").split(",")
)
# A public form sent back faster than this is a robot's (a person reads it first).
ADMISSIONS_MIN_SECONDS = int(os.environ.get("NDRC_ADMISSIONS_MIN_SECONDS", "3"))
# Largest request a public form accepts, its files included (bytes; 25 Mo).
ADMISSIONS_MAX_REQUEST_BYTES = int(
    os.environ.get("NDRC_ADMISSIONS_MAX_REQUEST_BYTES", str(25 * 1024 * 1024))
)
