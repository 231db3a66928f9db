"""Personal links: a random token in the address, only its SHA-256 digest in the database.

Whoever holds the link reaches one record (an applicant's file, a company's offer) and nothing
else; a stolen database gives no working link. A new link replaces the old one.
"""

import hashlib
import secrets

TOKEN_BYTES = 32  # 256 bits: not guessable, whatever the rate limit


def new_token() -> tuple[str, str]:
    """A fresh token and its digest, to store."""
    token = secrets.token_urlsafe(TOKEN_BYTES)
    return token, digest(token)


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
