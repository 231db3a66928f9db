"""Rate limiting of the login and of the password reset form, per username (or e-mail) and per
client address: failed logins, and password reset requests (each sends an e-mail), are counted.

They are stored in the database (table `web_loginfailure`), so the limit holds across worker
processes without a cache service. A reset request is stored with its e-mail prefixed by
`RESET_SCOPE` (a username cannot hold a colon), and each form counts only its own rows, with the
same limits; the public forms of admissions (an application, a company's offer) use scopes of
their own the same way. Settings (environment variables in `.env.example`):
`LOGIN_FAILURE_WINDOW_MINUTES`, `LOGIN_FAILURES_PER_USERNAME`, `LOGIN_FAILURES_PER_ADDRESS`,
and `CLIENT_ADDRESS_HEADER` (the request header holding the client's address behind a proxy).
"""

import ipaddress
from datetime import datetime, timedelta

from django.conf import settings
from django.http import HttpRequest

from ndrc.core.ui.models import LoginFailure


def window() -> timedelta:
    return timedelta(minutes=settings.LOGIN_FAILURE_WINDOW_MINUTES)


def client_address(request: HttpRequest) -> str | None:
    """The client's IP address; behind a reverse proxy, from the header the proxy sets."""
    raw = request.META.get(settings.CLIENT_ADDRESS_HEADER, "") or ""
    # X-Forwarded-For may hold a chain: the first address is the client's.
    candidate = raw.split(",")[0].strip()
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return None


LOGIN_SCOPE = ""
RESET_SCOPE = "mot-de-passe:"


def _key(username: str, scope: str = LOGIN_SCOPE) -> str:
    return (scope + username.strip().casefold())[:150]


def is_blocked(
    *, username: str, address: str | None, now: datetime, scope: str = LOGIN_SCOPE
) -> bool:
    """True when the username (or e-mail) or the address has too many recent attempts counted
    in `scope`: failed logins (the default), or password reset requests (`RESET_SCOPE`)."""
    recent = LoginFailure.objects.filter(at__gt=now - window())
    key = _key(username, scope)
    if recent.filter(username=key).count() >= settings.LOGIN_FAILURES_PER_USERNAME:
        return True
    if address is None:
        return False
    from_address = recent.filter(address=address)
    # Failed logins exclude every scoped row (a username holds no colon): the public forms of
    # admissions count their submissions in scopes of their own too.
    from_address = (
        from_address.filter(username__startswith=scope)
        if scope
        else from_address.exclude(username__contains=":")
    )
    return from_address.count() >= settings.LOGIN_FAILURES_PER_ADDRESS


def record_failure(
    *, username: str, address: str | None, now: datetime, scope: str = LOGIN_SCOPE
) -> None:
    """Count one attempt: a failed login, or a password reset request (`RESET_SCOPE`)."""
    LoginFailure.objects.filter(at__lte=now - window()).delete()
    LoginFailure.objects.create(at=now, username=_key(username, scope), address=address)


def forget_failures(*, username: str) -> None:
    """After a successful login, the username's failures are forgotten (not the address's: a
    guesser with one valid account must not be able to reset the address counter)."""
    LoginFailure.objects.filter(username=_key(username)).delete()
