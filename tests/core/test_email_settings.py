"""A centre sends its e-mail (admissions: to applicants and companies) through its own SMTP
server, set by environment variables (`.env.example`, docs/deploy.md)."""

import os
import subprocess
import sys
from pathlib import Path

NDRC = Path(sys.executable).with_name("ndrc")
SHOW = (
    "from django.conf import settings; from django.core.mail import get_connection; "
    "c = get_connection(); print(type(c).__module__, c.host, c.port, c.username, c.password, "
    "c.use_tls, c.use_ssl, c.timeout, settings.DEFAULT_FROM_EMAIL, settings.SERVER_EMAIL)"
)


def ndrc_shell(tmp_path, command, **variables) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("NDRC_")}
    environment.pop("DJANGO_SETTINGS_MODULE", None)
    environment |= {"NDRC_DATA_DIR": str(tmp_path), **variables}
    return subprocess.run(
        [str(NDRC), "shell", "-c", command],
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_with_no_smtp_server_given_messages_are_printed_on_the_servers_output(tmp_path):
    result = ndrc_shell(
        tmp_path,
        "from django.core.mail import get_connection; print(type(get_connection()).__module__)",
    )
    assert result.stdout.splitlines()[-1] == "django.core.mail.backends.console", result.stderr


def test_the_centres_smtp_server_is_read_from_the_environment(tmp_path):
    result = ndrc_shell(
        tmp_path,
        SHOW,
        NDRC_EMAIL_HOST="smtp.cfa-exemple.fr",
        NDRC_EMAIL_PORT="465",
        NDRC_EMAIL_HOST_USER="ndrc@cfa-exemple.fr",
        NDRC_EMAIL_HOST_PASSWORD="mot de passe",
        NDRC_EMAIL_USE_SSL="true",
        NDRC_EMAIL_TIMEOUT="20",
        NDRC_DEFAULT_FROM_EMAIL="scolarite@cfa-exemple.fr",
    )
    assert result.stdout.splitlines()[-1].split(" ") == [
        "django.core.mail.backends.smtp",
        "smtp.cfa-exemple.fr",
        "465",
        "ndrc@cfa-exemple.fr",
        "mot",
        "de",
        "passe",
        "False",
        "True",
        "20",
        "scolarite@cfa-exemple.fr",
        "scolarite@cfa-exemple.fr",
    ], result.stderr


def test_starttls_is_the_default_port_and_an_empty_variable_counts_as_unset(tmp_path):
    result = ndrc_shell(
        tmp_path,
        SHOW,
        NDRC_EMAIL_BACKEND="",
        NDRC_EMAIL_HOST="smtp.cfa-exemple.fr",
        NDRC_EMAIL_USE_TLS="true",
        NDRC_EMAIL_PORT="",
    )
    assert result.stdout.splitlines()[-1].split(" ")[:8] == [
        "django.core.mail.backends.smtp",
        "smtp.cfa-exemple.fr",
        "587",
        "",
        "",
        "True",
        "False",
        "10",
    ], result.stderr


def test_tls_and_ssl_together_are_refused_with_a_french_message(tmp_path):
    environment = {k: v for k, v in os.environ.items() if not k.startswith("NDRC_")}
    environment |= {
        "NDRC_DATA_DIR": str(tmp_path),
        "NDRC_EMAIL_USE_TLS": "true",
        "NDRC_EMAIL_USE_SSL": "true",
    }
    result = subprocess.run(
        [sys.executable, "-c", "import ndrc.settings"],
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode != 0
    assert "NDRC_EMAIL_USE_TLS et NDRC_EMAIL_USE_SSL s'excluent" in result.stderr
