"""Validation of Dutch identifiers: BSN (11-proef, via python-stdnum) and postcode."""

from __future__ import annotations

import re

from flask_babel import gettext as _
from stdnum.exceptions import InvalidChecksum, InvalidLength
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
    except InvalidLength:
        raise ValueError(_("not a valid BSN: a BSN has 9 digits")) from None
    except InvalidChecksum:
        raise ValueError(_("not a valid BSN: the number fails the 11-proef")) from None
    except StdnumError:
        raise ValueError(_("not a valid BSN: use digits only")) from None
    if len(set(number)) == 1:
        raise ValueError(_("not a valid BSN: all digits are the same"))
    return number


def normalise_postcode(value: str) -> str:
    """Return the postcode as ``1234 AB`` or raise ``ValueError``."""
    match = POSTCODE.match((value or "").strip().upper())
    if not match or match.group(2) in NEVER_USED_LETTERS:
        raise ValueError(_("not a valid Dutch postcode (expected 4 digits and 2 letters, like 2311 EZ)"))
    return f"{match.group(1)} {match.group(2)}"
