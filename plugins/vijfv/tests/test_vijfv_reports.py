"""The referrer report (consent first) and the funder report (aggregates, no personal data)."""

import datetime as dt

import pytest
from gezinsroute.errors import ValidationFailed
from gezinsroute.models import Partner
from gezinsroute.reports import Period
from gezinsroute.services import consent, referrals, trajectories
from gezinsroute_vijfv import reports, services

from .test_vijfv_flow import children, consent_all, make_family, open_vijfv, to_phase

pytestmark = pytest.mark.gezinsroute_plugins("vijfv")


def completed_trajectory(family=None, close=True):
    t, worker = open_vijfv(family)
    school = Partner.get(Partner.kind == "school")
    services.record_vindplaats(t, "school", referrer_partner=school)
    to_phase(t, worker, "verbinden")
    consent_all(t.family, purpose="referral")
    made = services.connect(t, children(t), programmes=["voorleesexpress"],
                            partners=[Partner.get(Partner.kind == "library")], programme_partner=school,
                            volunteer_name="Vrijwilliger V.")
    for r in made:
        referrals.advance(r, "accepted")
        referrals.advance(r, "started")
    trajectories.transition(t, "volgen", worker=worker)
    services.record_evaluation(t, results={f"referral:{made[0].id}": "achieved", f"referral:{made[1].id}": "partly"},
                               impact="De kinderen lezen zelf en gaan naar de bibliotheek.", end_reason_cbs="01",
                               satisfaction="satisfied")
    if close:
        trajectories.transition(t, "voltooien", worker=worker, end_reason_cbs="01")
    return t, school


def test_referrer_report_needs_results_consent(gz):
    t, school = completed_trajectory()
    with pytest.raises(ValidationFailed) as info:
        reports.referrer_report(t)
    assert "no consent to share results" in str(info.value)
    parent = next(m for m in t.family.members if m.role == "parent")
    sami, lina = children(t)
    consent.record_consent(sami, [parent], purpose="results", partner=school)
    with pytest.raises(ValidationFailed) as info:  # Lina is still missing
        reports.referrer_report(t)
    assert "Lina" in str(info.value) and "Sami" not in str(info.value)
    consent.record_consent(lina, [parent], purpose="results", recipient_kind="school")
    table = reports.referrer_report(t)
    assert table.rows == [["VoorleesExpress", "started", "Achieved"],
                          ["Bibliotheek Teststad", "started", "Partly achieved"]]
    assert any("lezen zelf" in n for n in table.notes)


def test_referrer_report_refuses_without_referrer(gz):
    t, worker = open_vijfv()
    services.record_evaluation(t, results={}, impact="Afgerond.", end_reason_cbs="01")
    with pytest.raises(ValidationFailed) as info:
        reports.referrer_report(t)
    assert info.value.problems[0].field == "referrer_partner"


def test_funder_report_is_aggregate_without_personal_data(gz):
    families = [make_family() for _ in range(6)]
    done = [completed_trajectory(f)[0] for f in families]
    today = done[0].ended_on
    table = reports.funder_report(Period(today - dt.timedelta(days=30), today + dt.timedelta(days=1)))
    flat = {(s, i): v for s, i, v in table.rows}
    assert flat[("reach", "families")] == 6
    assert flat[("reach", "children")] == 12
    assert flat[("languages", "ar")] == 6
    assert flat[("programme", "voorleesexpress:started")] == 6
    assert flat[("partner_referral", "bibliotheek-teststad:started")] == 6
    assert flat[("evaluation", "result:achieved")] == 6
    assert flat[("programme", "volunteer_pairings")] == 12
    assert flat[("evaluation", "satisfaction:satisfied")] == 6
    text = repr(table.rows) + repr(table.notes) + table.title
    for family in families:
        assert family.reference not in text
        for member in family.members:
            assert member.given_name not in text
            assert member.family_name not in text
            assert not member.bsn or member.bsn not in text


def test_funder_report_suppresses_small_cells(gz):
    t, _ = completed_trajectory()
    table = reports.funder_report(Period(t.started_on, t.ended_on))
    flat = {(s, i): v for s, i, v in table.rows}
    assert flat[("reach", "families")] == "<5"
    unsuppressed = reports.funder_report(Period(t.started_on, t.ended_on), suppress_small=False)
    assert {(s, i): v for s, i, v in unsuppressed.rows}[("reach", "families")] == 1


def test_funder_report_is_registered(gz):
    from gezinsroute.runtime import registry

    report = registry().reports["vijfv.funder"]
    assert report.aggregate_only
