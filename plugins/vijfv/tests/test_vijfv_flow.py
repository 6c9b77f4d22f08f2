"""The 5V rules end to end: every refusal changes nothing, every allowed path works."""

import datetime as dt

import pytest
from gezinsroute import clock
from gezinsroute.errors import TransitionRefused, ValidationFailed
from gezinsroute.models import Assessment, Partner, PhaseChange, Referral, Signal, Trajectory, Worker, WorkerRole
from gezinsroute.services import consent, contacts, families, referrals, trajectories
from gezinsroute_vijfv import services
from gezinsroute_vijfv.methodology import FACTOR_ITEMS
from gezinsroute_vijfv.models import Evaluation, Pairing, Progress

pytestmark = pytest.mark.gezinsroute_plugins("vijfv")


def make_family():
    return families.create_family("Gezin Test", postcode="2312ab", area="WK999901", languages=["nl", "ar"], members=[
        {"role": "parent", "given_name": "Amal", "family_name": "Test", "has_authority": True,
         "birth_date": dt.date(1988, 3, 1), "bsn": "999990019"},
        {"role": "child", "given_name": "Sami", "family_name": "Test", "birth_date": dt.date(2018, 5, 5)},
        {"role": "child", "given_name": "Lina", "family_name": "Test", "birth_date": dt.date(2020, 9, 9)},
    ])


def consent_all(family, purpose="*", kinds=("school", "library", "fund")):
    parent = next(m for m in family.members if m.role == "parent")
    for member in family.members:
        givers = [member] if member.role == "parent" else [parent]
        for kind in kinds:
            consent.record_consent(member, givers, purpose=purpose, recipient_kind=kind)


def open_vijfv(family=None, **kwargs):
    worker = Worker.create(username=f"w{Worker.select().count()}", full_name="Sociaal Professional")
    WorkerRole.create(worker=worker, role="worker")
    family = family or make_family()
    return trajectories.open_trajectory(family, "vijfv", responsible=worker, **kwargs), worker


def snapshot(t):
    fresh = Trajectory.get_by_id(t.id)
    return (fresh.phase, fresh.lock_version, PhaseChange.select().where(PhaseChange.trajectory == t.id).count())


def to_phase(t, worker, phase):
    """Walk a trajectory to ``phase`` the allowed way."""
    order = ["vinden", "bevragen", "verbinden", "volgen"]
    if t.phase == "vinden" and order.index(phase) >= 1:
        services.record_vindplaats(t, "school")
        trajectories.transition(t, "bevragen", worker=worker)
    if t.phase == "bevragen" and order.index(phase) >= 2:
        services.record_giz(t, variant="korte", factors={"kind.f1": "strength"}, conclusion="aanvullende_zorg")
        trajectories.transition(t, "verbinden", worker=worker)
    if t.phase == "verbinden" and order.index(phase) >= 3:
        trajectories.transition(t, "volgen", worker=worker)
    assert t.phase == phase
    return t


def children(t):
    return [m for m in t.family.members if m.role == "child"]


# -- vinden ---------------------------------------------------------------------------------------
def test_leaving_vinden_without_vindplaats_is_refused_and_changes_nothing(gz):
    t, worker = open_vijfv()
    before = snapshot(t)
    with pytest.raises(TransitionRefused) as info:
        trajectories.transition(t, "bevragen", worker=worker)
    assert "vindplaats" in str(info.value)
    assert snapshot(t) == before
    services.record_vindplaats(t, "jgz")
    trajectories.transition(t, "bevragen", worker=worker)
    assert Trajectory.get_by_id(t.id).phase == "bevragen"
    assert Trajectory.get_by_id(t.id).source == "jgz"


def test_unknown_vindplaats_is_refused(gz):
    t, _ = open_vijfv()
    with pytest.raises(ValidationFailed) as info:
        services.record_vindplaats(t, "straat")
    assert info.value.problems[0].field == "source"
    assert Trajectory.get_by_id(t.id).source is None


def test_found_family_without_contact_raises_signal_until_contacted(gz):
    start = dt.date(2026, 3, 2)
    with clock.frozen(start):
        t, worker = open_vijfv(started_on=start)
    signal = Signal.get((Signal.trajectory == t.id) & (Signal.rule == "vijfv.first_contact"))
    assert signal.due_on == start + dt.timedelta(days=14)
    assert signal.status == "open"
    with clock.frozen(start + dt.timedelta(days=5)):
        contacts.record_contact(t.family, "vijfv.kennismaking", trajectory=t, worker=worker)
    assert Signal.get_by_id(signal.id).status == "done"


def test_cadences_come_from_config(gz):
    from gezinsroute.runtime import registry
    from gezinsroute_vijfv.config import VijfvConfigSchema
    from gezinsroute_vijfv.methodology import definitions

    assert registry().cadence_rules["vijfv.first_contact"].every_days == 14  # defaults
    assert registry().cadence_rules["vijfv.progress"].every_days == 42
    rules = {d.key: d for d in definitions(VijfvConfigSchema().load({"no_contact_days": 5,
                                                                     "progress_every_days": 30}))}
    assert (rules["vijfv.first_contact"].every_days, rules["vijfv.progress"].every_days) == (5, 30)


# -- bevragen (GIZ) -------------------------------------------------------------------------------
def test_verbinden_needs_a_joint_conclusion(gz):
    t, worker = open_vijfv()
    to_phase(t, worker, "bevragen")
    services.record_giz(t, variant="uitgebreide", factors={"ouders.f2": "concern"}, conclusion=None)
    before = snapshot(t)
    with pytest.raises(TransitionRefused) as info:
        trajectories.transition(t, "verbinden", worker=worker)
    assert "joint conclusion" in str(info.value)
    assert snapshot(t) == before
    services.record_giz(t, variant="uitgebreide", factors={"ouders.f2": "concern"}, conclusion="positieve_bevestiging")
    trajectories.transition(t, "verbinden", worker=worker)
    assert Trajectory.get_by_id(t.id).phase == "verbinden"


def test_giz_stores_codes_for_all_three_sides(gz):
    t, worker = open_vijfv()
    factors = {item: "neutral" for item in FACTOR_ITEMS}
    factors["gezin_omgeving.f6"] = "concern"
    a = services.record_giz(t, variant="multidisciplinair", factors=factors, conclusion="aanvullende_zorg")
    stored = Assessment.get_by_id(a.id)
    assert stored.instrument == "vijfv.giz"
    assert stored.outcome == "aanvullende_zorg"
    assert len([k for k in stored.scores if "." in k]) == 18
    assert services.giz_factors(stored)["gezin_omgeving"]["f6"] == "concern"


def test_giz_refuses_bad_codes(gz):
    t, _ = open_vijfv()
    with pytest.raises(ValidationFailed) as info:
        services.record_giz(t, variant="lang", factors={"kind.f7": "strength", "kind.f1": "bad"}, conclusion="x")
    fields = {p.field for p in info.value.problems}
    assert fields == {"variant", "kind.f7", "kind.f1", "conclusion"}
    assert Assessment.select().where(Assessment.trajectory == t.id).count() == 0


def test_urgent_conclusion_raises_high_priority_signal(gz):
    t, _ = open_vijfv()
    services.record_giz(t, variant="korte", factors={}, conclusion="aanvullende_zorg")
    assert not Signal.select().where(Signal.rule == "vijfv.giz_urgent").exists()
    services.record_giz(t, variant="korte", factors={"kind.f3": "concern"}, conclusion="urgente_ondersteuning")
    signal = Signal.get(Signal.rule == "vijfv.giz_urgent")
    assert (signal.priority, signal.requires_ack, signal.trajectory_id) == ("high", True, t.id)


# -- verbinden ------------------------------------------------------------------------------------
def test_connecting_before_verbinden_is_refused(gz):
    t, worker = open_vijfv()
    consent_all(t.family)
    with pytest.raises(ValidationFailed) as info:
        services.connect(t, children(t), programmes=["weekendklas"],
                         programme_partner=Partner.get(Partner.kind == "school"))
    assert "Verbinden" in str(info.value)
    assert Referral.select().count() == 0


def test_connect_several_programmes_and_partners_each_own_referral(gz):
    t, worker = open_vijfv()
    to_phase(t, worker, "verbinden")
    consent_all(t.family)
    school = Partner.get(Partner.kind == "school")
    library = Partner.get(Partner.kind == "library")
    made = services.connect(t, children(t), programmes=["voorleesexpress", "weekendklas"], partners=[library],
                            programme_partner=school, volunteer_name="Vrijwilliger V.", worker=worker)
    assert [(r.programme, r.partner_id) for r in made] == [
        ("voorleesexpress", school.id), ("weekendklas", school.id), (None, library.id)]
    # Only the programme that pairs volunteers records pairings, one per child.
    pairings = list(Pairing.select())
    assert len(pairings) == 2 and {p.referral_id for p in pairings} == {made[0].id}
    referrals.advance(made[0], "accepted")
    assert [Referral.get_by_id(r.id).status for r in made] == ["accepted", "proposed", "proposed"]


def test_connect_without_consent_writes_nothing(gz):
    t, worker = open_vijfv()
    to_phase(t, worker, "verbinden")
    consent_all(t.family, kinds=("school",))  # nothing for the library
    with pytest.raises(ValidationFailed) as info:
        services.connect(t, children(t), programmes=["weekendklas"],
                         partners=[Partner.get(Partner.kind == "library")],
                         programme_partner=Partner.get(Partner.kind == "school"))
    assert "consent missing" in str(info.value)
    assert Referral.select().count() == 0


def test_programme_without_partner_is_refused(gz):
    t, worker = open_vijfv()
    to_phase(t, worker, "verbinden")
    consent_all(t.family)
    with pytest.raises(ValidationFailed) as info:
        services.connect(t, children(t), programmes=["speelgroepen"])
    assert info.value.problems[0].field == "partner"
    with pytest.raises(ValidationFailed):
        services.connect(t, children(t), programmes=["toneel"], programme_partner=Partner.get(Partner.kind == "school"))
    assert Referral.select().count() == 0


def test_pairing_rules(gz):
    t, worker = open_vijfv()
    to_phase(t, worker, "verbinden")
    consent_all(t.family)
    school = Partner.get(Partner.kind == "school")
    sami, lina = children(t)
    weekend, coach = services.connect(t, [sami], programmes=["weekendklas", "coach-at-jes"], programme_partner=school)
    with pytest.raises(ValidationFailed) as info:
        services.record_pairing(weekend, sami, "V. Vrijwilliger")
    assert "pairs volunteers" in str(info.value)
    with pytest.raises(ValidationFailed) as info:
        services.record_pairing(coach, lina, "V. Vrijwilliger")
    assert "not part of this referral" in str(info.value)
    assert Pairing.select().count() == 0
    pairing = services.record_pairing(coach, sami, "V. Vrijwilliger", started_on=dt.date(2026, 2, 1))
    services.end_pairing(pairing, on=dt.date(2026, 6, 1))
    assert Pairing.get_by_id(pairing.id).ended_on == dt.date(2026, 6, 1)
    with pytest.raises(ValidationFailed):
        services.end_pairing(pairing)


# -- volgen ---------------------------------------------------------------------------------------
def test_progress_cadence_in_volgen(gz):
    day = dt.date(2026, 1, 5)
    with clock.frozen(day):
        t, worker = open_vijfv(started_on=day)
        to_phase(t, worker, "volgen")
    signal = Signal.get((Signal.trajectory == t.id) & (Signal.rule == "vijfv.progress"))
    assert signal.due_on == day + dt.timedelta(days=42)
    child = children(t)[0]
    with clock.frozen(day + dt.timedelta(days=30)):
        services.record_progress(t, trend="improving", summary="Leest meer", member=child, programme="voorleesexpress")
        services.record_progress(t, trend="stable", summary="Gezin komt naar de bibliotheek")
    assert Signal.get_by_id(signal.id).due_on == day + dt.timedelta(days=72)
    assert Progress.select().where(Progress.member.is_null()).count() == 1


def test_progress_refuses_empty_summary_and_interim_referral_allowed(gz):
    t, worker = open_vijfv()
    to_phase(t, worker, "volgen")
    with pytest.raises(ValidationFailed) as info:
        services.record_progress(t, trend="beter", summary=" ")
    assert {p.field for p in info.value.problems} == {"trend", "summary"}
    assert Progress.select().count() == 0
    consent_all(t.family)
    made = services.connect(t, children(t), partners=[Partner.get(Partner.kind == "fund")])
    assert made[0].status == "proposed"


# -- voltooien ------------------------------------------------------------------------------------
def test_voltooien_needs_evaluation(gz):
    t, worker = open_vijfv()
    to_phase(t, worker, "volgen")
    before = snapshot(t)
    with pytest.raises(TransitionRefused) as info:
        trajectories.transition(t, "voltooien", worker=worker, end_reason_cbs="01")
    assert "evaluation" in str(info.value)
    assert snapshot(t) == before
    assert Trajectory.get_by_id(t.id).ended_on is None
    services.record_evaluation(t, results={}, impact="Kinderen lezen zelf.", end_reason_cbs="01")
    trajectories.transition(t, "voltooien", worker=worker, end_reason_cbs="01")
    fresh = Trajectory.get_by_id(t.id)
    assert (fresh.phase, fresh.end_reason_cbs, fresh.ended_on) == ("voltooien", "01", clock.today())


def test_evaluation_validation_and_onward_referral(gz):
    t, worker = open_vijfv()
    to_phase(t, worker, "volgen")
    with pytest.raises(ValidationFailed) as info:
        services.record_evaluation(t, results={"referral:1": "super"}, impact="", end_reason_cbs="09")
    assert {p.field for p in info.value.problems} == {"results", "impact", "end_reason_cbs"}
    assert Evaluation.select().count() == 0
    consent_all(t.family)
    fund = Partner.get(Partner.kind == "fund")
    evaluation = services.record_evaluation(t, results={}, impact="Goed op weg.", end_reason_cbs="02",
                                            onward_partner=fund, onward_members=children(t))
    assert evaluation.onward_referral.partner_id == fund.id
    with pytest.raises(ValidationFailed):
        services.record_evaluation(t, results={}, impact="Nog een keer", end_reason_cbs="01")


def test_closing_still_needs_core_end_reason(gz):
    t, worker = open_vijfv()
    services.record_evaluation(t, results={}, impact="Gezin niet bereikt.", end_reason_cbs="05")
    with pytest.raises(TransitionRefused) as info:
        trajectories.transition(t, "voltooien", worker=worker)
    assert "end reason" in str(info.value)
    assert Trajectory.get_by_id(t.id).is_open


def test_family_that_comes_back_gets_linked_trajectory(gz):
    t, worker = open_vijfv()
    with pytest.raises(ValidationFailed):
        trajectories.open_trajectory(t.family, "vijfv")
    services.record_evaluation(t, results={}, impact="Afgerond.", end_reason_cbs="01")
    trajectories.transition(t, "voltooien", worker=worker, end_reason_cbs="01")
    again = trajectories.open_trajectory(t.family, "vijfv", responsible=worker)
    assert again.previous_id == t.id
    assert again.phase == "vinden"
