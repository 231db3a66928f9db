"""Login rate limiting: failed logins are counted per username and per client address.

They are stored in the database (table `web_loginfailure`), so the limit holds across worker
processes without a cache service. Settings (environment variables in `.env.example`):
`LOGIN_FAILURE_WINDOW_MINUTES`, `LOGIN_FAILURES_PER_USERNAME`, `LOGIN_FAILURES_PER_ADDRESS`,
and `CLIENT_ADDRESS_HEADER` (the request header holding the client's address behind a proxy).
"""

import ipaddress
from datetime import datetime, timedelta

from django.conf import settings
from django.http import HttpRequest

from ndrc.web.models import LoginFailure


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


def _key(username: str) -> str:
    return username.strip().casefold()[:150]


def is_blocked(*, username: str, address: str | None, now: datetime) -> bool:
    """True when the username or the address has too many recent failures."""
    recent = LoginFailure.objects.filter(at__gt=now - window())
    if recent.filter(username=_key(username)).count() >= settings.LOGIN_FAILURES_PER_USERNAME:
        return True
    return (
        address is not None
        and recent.filter(address=address).count() >= settings.LOGIN_FAILURES_PER_ADDRESS
    )


def record_failure(*, username: str, address: str | None, now: datetime) -> None:
    LoginFailure.objects.filter(at__lte=now - window()).delete()
    LoginFailure.objects.create(at=now, username=_key(username), address=address)


def forget_failures(*, username: str) -> None:
    """After a successful login, the username's failures are forgotten (not the address's: a
    guesser with one valid account must not be able to reset the address counter)."""
    LoginFailure.objects.filter(username=_key(username)).delete()
