"""Validation of Dutch identifiers: BSN (11-proef, via python-stdnum) and postcode."""

from __future__ import annotations

import re

from stdnum.exceptions import ValidationError as StdnumError
from stdnum.nl import bsn as stdnum_bsn

POSTCODE = re.compile(r"^([1-9][0-9]{3}) ?([A-Z]{2})$")
NEVER_USED_LETTERS = {"SA", "SD", "SS"}


def normalise_bsn(value: str) -> str:
    """Return the 9-digit BSN or raise ``ValueError`` with a readable reason.

    Uses python-stdnum's 11-proef; 8-digit numbers get their leading zero; numbers
    of one repeated digit (000000000) are refused.
    """
    try:
        number = stdnum_bsn.validate(value)
    except StdnumError as exc:
        raise ValueError(f"not a valid BSN: {exc.message}") from None
    if len(set(number)) == 1:
        raise ValueError("not a valid BSN: all digits are the same")
    return number


def normalise_postcode(value: str) -> str:
    """Return the postcode as ``1234 AB`` or raise ``ValueError``."""
    match = POSTCODE.match((value or "").strip().upper())
    if not match or match.group(2) in NEVER_USED_LETTERS:
        raise ValueError("not a valid Dutch postcode (expected 4 digits and 2 letters, like 2311 EZ)")
    return f"{match.group(1)} {match.group(2)}"
