"""Personal links: a random token in the address, only its SHA-256 digest in the database.

Whoever holds the link reaches one record (an applicant's file, a company's offer) and nothing
else; a stolen database gives no working link. A new link replaces the old one.
"""

import hashlib
import secrets

from django.http import HttpRequest
from django.urls import reverse

TOKEN_BYTES = 32  # 256 bits: not guessable, whatever the rate limit


def new_token() -> tuple[str, str]:
    """A fresh token and its digest, to store."""
    token = secrets.token_urlsafe(TOKEN_BYTES)
    return token, digest(token)


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def link_template(request: HttpRequest, url_name: str) -> str:
    """The absolute address of the personal page `url_name`, `{token}` in place of the token
    (the services fill it in the e-mail they send)."""
    return request.build_absolute_uri(reverse(url_name, args=["TOKEN"])).replace("TOKEN", "{token}")
