"""The address of one record's page, for the rows of a list: `reverse` once per route.

A list of 50 rows linking each row's record reversed the same route 50 times (about 20 µs each,
the largest part of rendering such a list); the route's address is the same on every row but for
the record's key, so it is reversed once with a marker in the key's place, and each row's address
is the marker replaced by its key: the same address `reverse` gives (an integer key is written
as its digits, which quoting leaves as they are).
"""

from collections.abc import Callable
from functools import lru_cache
from typing import Any

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_script_prefix, get_urlconf, reverse

_MARKER = 918273645546372819  # a key no path holds otherwise


@lru_cache(maxsize=256)
def _around(viewname: str, rest: tuple, prefix: str, urlconf: str | None) -> tuple[str, str]:
    address = reverse(viewname, args=[_MARKER, *rest], urlconf=urlconf)
    before, after = address.split(str(_MARKER))
    return before, after


def record_address(viewname: str, pk: int, *rest: Any) -> str:
    """`reverse(viewname, args=[pk, *rest])` for a route whose first argument is an integer key
    (`rest`, the same on every row: an exam, say), reversed once."""
    return record_addresses(viewname, *rest)(pk)


def record_addresses(viewname: str, *rest: Any) -> Callable[[int], str]:
    """`record_address` of the route for the rows of one list: the key → its address, the
    request's prefix and URLconf read once for all the rows (a few µs each, on every row)."""
    before, after = _around(viewname, rest, get_script_prefix(), get_urlconf())
    return lambda pk: f"{before}{int(pk)}{after}"


@lru_cache(maxsize=256)
def _reversed(viewname: str, prefix: str, urlconf: str | None) -> str:
    return reverse(viewname, urlconf=urlconf)


def route_address(viewname: str) -> str:
    """`reverse(viewname)` of a route without arguments (a menu's entries, on every page):
    reversed once for the request's prefix and URLconf."""
    return _reversed(viewname, get_script_prefix(), get_urlconf())


@receiver(setting_changed)
def _routes_changed(*, setting: str, **kwargs) -> None:
    if setting == "ROOT_URLCONF":  # as Django forgets its own reversed routes (tests)
        _around.cache_clear()
        _reversed.cache_clear()
