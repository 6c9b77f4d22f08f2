"""User-facing refusals follow the interface language; the committed catalogues are compiled."""

import datetime as dt
import io
from pathlib import Path

import pytest
from babel.messages.mofile import read_mo, write_mo
from babel.messages.pofile import read_po
from gezinsroute.errors import TransitionRefused
from gezinsroute.i18n import CORE_TRANSLATIONS
from gezinsroute.services import families, trajectories

from tests.conftest import TOY


def _family():
    return families.create_family("Gezin Taal", postcode="1234ab", area="WK999901", members=[
        {"role": "parent", "given_name": "Anna", "family_name": "Taal", "has_authority": True,
         "birth_date": dt.date(1985, 1, 1)},
    ])


@pytest.mark.gezinsroute_plugins("toy")
@pytest.mark.gezinsroute_extra_plugins(TOY)
@pytest.mark.parametrize(("lang", "expected", "unexpected"), [
    ("nl", "reden van beëindiging", "end reason"),
    ("en", "closing needs an end reason", "beëindiging"),
])
def test_refused_closing_speaks_the_interface_language(app, lang, expected, unexpected):
    trajectory = trajectories.open_trajectory(_family(), "toy")
    with app.test_request_context(f"/?lang={lang}"), pytest.raises(TransitionRefused) as info:
        trajectories.transition(trajectory, "closed")
    message = str(info.value)
    assert expected in message
    assert unexpected not in message
    assert info.value.problems[0].field == "end_reason_cbs"  # field names stay untranslated


def _messages(catalog) -> dict[str, str]:
    return {m.id: m.string for m in catalog if m.id and m.string and not m.fuzzy}


@pytest.mark.parametrize("po_path", sorted(Path(CORE_TRANSLATIONS).glob("*/LC_MESSAGES/*.po")),
                         ids=lambda p: p.parts[-3])
def test_core_mo_files_are_up_to_date(po_path):
    mo_path = po_path.with_suffix(".mo")
    assert mo_path.exists(), f"compile {po_path} (pybabel compile)"
    with po_path.open("rb") as f:
        catalog = read_po(f)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    fresh = _messages(read_mo(buffer))
    with mo_path.open("rb") as f:
        committed = _messages(read_mo(f))
    assert fresh.keys() == committed.keys(), f"{mo_path} is out of date: run pybabel compile"
    assert fresh == committed, f"{mo_path} is out of date: run pybabel compile"


def test_bsn_and_postcode_errors_are_dutch_in_a_dutch_request(app):
    from gezinsroute.validators import normalise_bsn, normalise_postcode

    with app.test_request_context("/?lang=nl"):
        app.preprocess_request()
        for call, value, dutch in ((normalise_bsn, "123456789", "11-proef"), (normalise_bsn, "1234567890", "9 cijfers"),
                                   (normalise_postcode, "1234 SS", "geen geldige postcode")):
            try:
                call(value)
            except ValueError as exc:
                assert dutch in str(exc)
            else:
                raise AssertionError(f"{value} was accepted")
