"""Rules of the add-on on a stand-in base methodology: every refusal changes nothing, every allowed path works."""

import datetime as dt

import pytest
from gezinsroute.plugin_api import (
    Involvement,
    Meeting,
    Signal,
    Trajectory,
    ValidationFailed,
    clock,
    registry,
    signals,
    trajectories,
)
from gezinsroute_inwonerskracht import rules, services
from gezinsroute_inwonerskracht.models import HelpQuestion, Match, MatchNote, Volunteer
from inwonerskracht_helpers import DEPLOYMENT, FAKEBASE, give_consent, make_worker

pytestmark = [pytest.mark.gezinsroute_deployment(DEPLOYMENT), pytest.mark.gezinsroute_extra_plugins(FAKEBASE)]
TODAY = dt.date(2026, 3, 2)


@pytest.fixture(autouse=True)
def frozen_today():
    with clock.frozen(TODAY):
        yield


def question(trajectory, config, involve=True):
    return services.add_help_question(trajectory, config, question="Hulp bij de tuin", kind="practical",
                                      horizon="short", involve_volunteers=involve)


def volunteer(config, **kw):
    data = {"display_name": "Vera Vrijwilliger", "vog_date": dt.date(2025, 6, 1), "intake_date": dt.date(2025, 7, 1)}
    data.update(kw)
    return services.register_volunteer(config, **data)


def test_definitions_extend_the_configured_methodology(gz):
    reg = registry()
    assert reg.meeting_kinds["inwonerskracht.casuistiek"].methodologies == ("fakebase",)
    assert reg.contact_kinds["inwonerskracht.guidance"].methodologies == ("fakebase",)
    role = reg.involvement_roles["inwonerskracht.volunteer"]
    assert (role.kind, role.professional) == ("informal", False)
    assert reg.involvement_roles["inwonerskracht.schaduwwerker"].professional
    assert "fakebase" not in [m for m in reg.methodologies if m == "inwonerskracht"]
    assert "inwonerskracht" not in reg.methodologies


def test_help_question_needs_known_kind_and_horizon(gz, trajectory, config):
    with pytest.raises(ValidationFailed) as info:
        services.add_help_question(trajectory, config, question=" ", kind="astrology", horizon="forever",
                                   involve_volunteers=True)
    assert {p.field for p in info.value.problems} == {"question", "kind", "horizon"}
    assert HelpQuestion.select().count() == 0
    row = question(trajectory, config)
    assert (row.kind, row.horizon, row.involve_volunteers, row.family_id) == ("practical", "short", True,
                                                                               trajectory.family_id)


def test_volunteer_comes_from_the_volunteer_centre(gz, config):
    v = volunteer(config)
    assert v.partner.key == "vrijwilligershuis"
    with pytest.raises(ValidationFailed) as info:
        services.register_volunteer(dict(config, volunteer_centre="nope"), display_name="X")
    assert "volunteer centre" in str(info.value)
    plain = make_worker("nologin", "worker")
    with pytest.raises(ValidationFailed, match="role 'volunteer'"):
        services.register_volunteer(config, display_name="Y", worker=plain)


@pytest.mark.parametrize("changes, message", [
    ({"vog_date": None}, "VOG"),
    ({"vog_date": dt.date(2022, 3, 1)}, "older than 36 months"),
    ({"intake_date": None}, "intake"),
])
def test_no_match_without_valid_vog_and_intake(gz, trajectory, config, manager, changes, message):
    give_consent(trajectory)
    q = question(trajectory, config)
    v = volunteer(config, **changes)
    with pytest.raises(ValidationFailed, match=message):
        services.match_volunteer(q, v, config, tasks="Samen de tuin opruimen", approved_by=manager)
    assert Match.select().count() == 0
    assert not Involvement.select().where(Involvement.role == "inwonerskracht.volunteer").exists()


def test_vog_validity_is_configurable(gz, trajectory, config):
    old = volunteer(config, vog_date=dt.date(2022, 3, 1))
    assert rules.volunteer_problems(old, config)
    assert not rules.volunteer_problems(old, dict(config, vog_valid_months=60))
    assert rules.vog_valid_until(old, config) == dt.date(2025, 3, 1)


def test_match_needs_gezinsmanager_approval(gz, trajectory, config):
    give_consent(trajectory)
    q = question(trajectory, config)
    other = make_worker("other", "worker")
    with pytest.raises(ValidationFailed, match="approval of the family's gezinsmanager"):
        services.match_volunteer(q, volunteer(config), config, tasks="Tuin", approved_by=other)
    assert Match.select().count() == 0


def test_match_needs_family_consent(gz, trajectory, config, manager):
    q = question(trajectory, config)
    with pytest.raises(ValidationFailed, match="consent missing"):
        services.match_volunteer(q, volunteer(config), config, tasks="Tuin", approved_by=manager)
    assert Match.select().count() == 0
    assert not Involvement.select().where(Involvement.role == "inwonerskracht.volunteer").exists()


def test_match_only_for_questions_where_the_family_wants_volunteers(gz, trajectory, config, manager):
    give_consent(trajectory)
    q = question(trajectory, config, involve=False)
    with pytest.raises(ValidationFailed, match="did not choose to involve volunteers"):
        services.match_volunteer(q, volunteer(config), config, tasks="Tuin", approved_by=manager)


def test_allowed_match_creates_informal_involvement(gz, trajectory, config, manager):
    give_consent(trajectory)
    q = question(trajectory, config)
    match = services.match_volunteer(q, volunteer(config), config, tasks="Samen de tuin opruimen",
                                     approved_by=manager)
    involvement = match.involvement
    assert (involvement.role, involvement.kind, involvement.is_professional) == (
        "inwonerskracht.volunteer", "informal", False)
    assert involvement.person_name == "Vera Vrijwilliger"
    with pytest.raises(ValidationFailed, match="already matched"):
        services.match_volunteer(q, match.volunteer, config, tasks="Nog eens", approved_by=manager)
    services.end_match(match)
    assert Involvement.get_by_id(involvement.id).ended_on == TODAY


def test_volunteer_safety_concern_reaches_gezinsmanager_and_is_acknowledged(gz, trajectory, config, manager):
    give_consent(trajectory)
    match = services.match_volunteer(question(trajectory, config), volunteer(config), config, tasks="Tuin",
                                     approved_by=manager)
    with pytest.raises(ValidationFailed):
        services.raise_safety_concern(match, worker=None, text="  ")
    signal = services.raise_safety_concern(match, worker=None, text="Tim had blauwe plekken")
    assert (signal.priority, signal.requires_ack, signal.assigned_worker_id, signal.status) == (
        "high", True, manager.id, "open")
    assert signal.due_on == TODAY
    assert MatchNote.get(MatchNote.match == match).safety_concern
    signals.acknowledge(signal, manager)
    fresh = Signal.get_by_id(signal.id)
    assert (fresh.status, fresh.acknowledged_by_id) == ("done", manager.id)


def test_guidance_cadence_runs_while_a_match_is_active(gz, trajectory, config, manager):
    give_consent(trajectory)
    assert not Signal.select().where(Signal.rule == "inwonerskracht.guidance").exists()
    match = services.match_volunteer(question(trajectory, config), volunteer(config), config, tasks="Tuin",
                                     approved_by=manager)
    due = Signal.get((Signal.rule == "inwonerskracht.guidance") & (Signal.status == "open")).due_on
    assert due == TODAY + dt.timedelta(days=42)
    services.record_guidance(match, worker=manager, summary="Besproken hoe het gaat")
    assert Signal.get((Signal.rule == "inwonerskracht.guidance") & (Signal.status == "open")).due_on == due
    with clock.frozen(TODAY + dt.timedelta(days=10)):
        services.record_guidance(match, worker=manager, summary="Tweede gesprek")
    assert Signal.get((Signal.rule == "inwonerskracht.guidance") & (Signal.status == "open")).due_on == (
        TODAY + dt.timedelta(days=52))
    services.end_match(match)
    assert not Signal.select().where((Signal.rule == "inwonerskracht.guidance") & (Signal.status == "open")).exists()


def test_schaduwwerker_is_a_second_professional_with_reflections(gz, trajectory, config, manager):
    with pytest.raises(ValidationFailed, match="add a schaduwwerker"):
        services.record_reflection(trajectory, worker=manager, summary="Reflectie")
    assert not Meeting.select().exists()
    with pytest.raises(ValidationFailed, match="second professional"):
        services.add_schaduwwerker(trajectory, manager, config)
    shadow = make_worker("schaduw", "worker")
    involvement = services.add_schaduwwerker(trajectory, shadow, config)
    assert (involvement.role, involvement.is_professional) == ("inwonerskracht.schaduwwerker", True)
    with pytest.raises(ValidationFailed, match="already has a schaduwwerker"):
        services.add_schaduwwerker(trajectory, make_worker("third", "worker"), config)
    meeting = services.record_reflection(trajectory, worker=manager, summary="Vertrouwensrelatie opbouwen")
    assert meeting.kind == "inwonerskracht.reflectie"
    assert {p.role for p in meeting.participants} == {"schaduwwerker", "gezinsmanager"}


def test_casuistiek_cadence_on_participating_trajectories(gz, trajectory, config, manager):
    rule = "inwonerskracht.casuistiek"
    assert not Signal.select().where(Signal.rule == rule).exists()  # not in the approach yet
    question(trajectory, config)
    signal = Signal.get((Signal.rule == rule) & (Signal.status == "open"))
    assert signal.due_on == trajectory.started_on + dt.timedelta(days=42)
    assert signals.state(signal, TODAY) == "overdue"
    meeting = services.record_casuistiek(config, worker=manager, held_on=TODAY - dt.timedelta(days=1),
                                         participants=[{"name": "Wijkteam", "role": "lokaal veld"}])
    signal = Signal.get((Signal.rule == rule) & (Signal.status == "open"))
    assert signal.due_on == TODAY + dt.timedelta(days=41)
    case = services.discuss_case(meeting, trajectory, config, volunteer_dilemmas="Hoeveel tijd?")
    assert case.pseudonym == "Casus 1"
    assert "Zeeuw" not in case.pseudonym
    with pytest.raises(ValidationFailed, match="already on this meeting"):
        services.discuss_case(meeting, trajectory, config)
    later = services.record_casuistiek(config, worker=manager, held_on=TODAY)
    assert services.discuss_case(later, trajectory, config).pseudonym == "Casus 1"


def test_casuistiek_cadence_is_configurable_between_three_and_six_weeks(gz):
    from gezinsroute_inwonerskracht.config import InwonerskrachtSchema
    from marshmallow import ValidationError

    assert InwonerskrachtSchema().load({})["casuistiek_every_days"] == 42
    assert InwonerskrachtSchema().load({})["extends"] == ["systeemgericht"]
    with pytest.raises(ValidationError):
        InwonerskrachtSchema().load({"casuistiek_every_days": 90})


def test_base_transitions_are_never_refused(gz, trajectory, config, manager):
    give_consent(trajectory)
    services.match_volunteer(question(trajectory, config), volunteer(config), config, tasks="Tuin",
                             approved_by=manager)
    trajectories.transition(trajectory, "work", worker=manager)
    _, warnings = trajectories.transition(trajectory, "closed", worker=manager, end_reason_cbs="01")
    assert Trajectory.get_by_id(trajectory.id).ended_on == TODAY
    assert any("still active" in w.message for w in warnings)


def test_outcome_validation(gz, trajectory, config):
    with pytest.raises(ValidationFailed) as info:
        services.add_nuisance_report(trajectory, config, reported_on=TODAY + dt.timedelta(days=1), source="aliens")
    assert {p.field for p in info.value.problems} == {"source", "reported_on"}
    with pytest.raises(ValidationFailed, match="0 to 500"):
        services.measure_network(trajectory, size=-1)
    assert services.measure_network(trajectory, size=4).size == 4


def test_volunteer_record_not_linked_to_a_family(gz, config):
    assert Volunteer.audit_family_id(volunteer(config)) is None
