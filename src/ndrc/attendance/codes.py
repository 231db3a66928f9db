"""The short-lived signing code of a sheet: six digits derived from the sheet's secret and the
current 15-second step (like a TOTP), so a code read in the room is useless from home a few
seconds later. The code shown and the one before it are accepted: at most 30 seconds."""

import hashlib
import hmac
from datetime import datetime

STEP_SECONDS = 15
DIGITS = 6


def _step(moment: datetime) -> int:
    return int(moment.timestamp()) // STEP_SECONDS


def code_for_step(secret: str, step: int) -> str:
    digest = hmac.new(secret.encode(), str(step).encode(), hashlib.sha256).digest()
    return f"{int.from_bytes(digest[:4], 'big') % 10**DIGITS:0{DIGITS}d}"


def code_at(secret: str, moment: datetime) -> str:
    """The code shown at `moment`."""
    return code_for_step(secret, _step(moment))


def seconds_left(moment: datetime) -> int:
    return STEP_SECONDS - int(moment.timestamp()) % STEP_SECONDS


def code_is_valid(secret: str, code: str, moment: datetime) -> bool:
    """True when `code` is the code of the current step or of the one before."""
    code = (code or "").strip().replace(" ", "")
    if len(code) != DIGITS or not code.isdigit():
        return False
    current = _step(moment)
    return any(
        hmac.compare_digest(code, code_for_step(secret, step)) for step in (current, current - 1)
    )
