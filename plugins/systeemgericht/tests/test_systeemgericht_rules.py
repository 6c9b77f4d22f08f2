import datetime as dt

import pytest
from gezinsroute import clock
from gezinsroute.errors import TransitionRefused, ValidationFailed
from gezinsroute.models import Meeting, Plan, Signal, Team, Trajectory, TrajectoryMember, Worker
from gezinsroute.services import families, plans, signals, trajectories
from gezinsroute_systeemgericht import methodology as M
from gezinsroute_systeemgericht import services
from gezinsroute_systeemgericht.models import BodemeisBreach, EscalationIssue, ImmediateAction, Measure

pytestmark = pytest.mark.gezinsroute_plugins("systeemgericht")

SAFE_VT = {item: "0" for item in M.VT_ITEMS}
UNSAFE_VT = {**SAFE_VT, "vt03": "1"}
ACUTE_VT = {**SAFE_VT, "vt01": "2"}
START = dt.date(2026, 1, 5)  # a Monday


def make_family(children=2):
    members = [{"role": "parent", "given_name": "Anna", "family_name": "Test", "has_authority": True,
                "birth_date": dt.date(1985, 1, 1)}]
    members += [{"role": "child", "given_name": f"Kind{i}", "family_name": "Test",
                 "birth_date": dt.date(2014 + i, 5, 5)} for i in range(children)]
    return families.create_family("Gezin Test", postcode="1234ab", area="WK999901", members=members)


@pytest.fixture
def worker(gz):
    return Worker.create(username="gm", full_name="Gezinsmanager", team=Team.get(Team.key == "team-noord"))


@pytest.fixture
def traj(gz, worker):
    with clock.frozen(START):
        return trajectories.open_trajectory(make_family(), M.KEY, responsible=worker, started_on=START)


def agreed_gezinsplan(t, worker, goals=None, language="nl"):
    plan = services.draft_gezinsplan(t, language=language, goals=goals or [{"description": "Veilig thuis"}],
                                     worker=worker)
    services.agree_plan(plan, worker=worker)
    return plan


def agreed_veiligheidsplan(t, worker):
    plan = services.draft_veiligheidsplan(t, bodemeisen=[{"requirement": "Geen geweld", "consequence": "Melding"}],
                                          agreements=["Oma belt dagelijks"],
                                          network=[{"name": "Oma", "task": "bellen"}])
    services.sign_plan(plan, party_name="Ouder", party_role="parent")
    services.agree_plan(plan, worker=worker)
    return plan


def to_uitvoering(t, worker, on=START):
    with clock.frozen(on):
        services.record_arij(t, M.VT, SAFE_VT, assessor=worker)
        agreed_gezinsplan(t, worker)
        trajectories.transition(t, "uitvoering", worker=worker)
    return Trajectory.get_by_id(t.id)


# -- one family, one trajectory, one gezinsmanager, all children --------------------------------------
def test_one_open_trajectory_and_all_children_included(traj, worker):
    assert traj.responsible_id == worker.id and traj.phase == "veiligheid"
    rows = list(TrajectoryMember.select().where(TrajectoryMember.trajectory == traj.id))
    assert len(rows) == 3 and all(r.included for r in rows)
    with pytest.raises(ValidationFailed) as info:
        trajectories.open_trajectory(traj.family, M.KEY, responsible=worker)
    assert "already has an open" in str(info.value)
    assert Trajectory.select().where(Trajectory.family == traj.family_id).count() == 1


def test_a_child_left_out_needs_a_reason(gz, worker):
    family = make_family()
    child = [m for m in family.members if m.role == "child"][0]
    with pytest.raises(ValidationFailed):
        trajectories.open_trajectory(family, M.KEY, responsible=worker, exclude={child.id: " "})
    assert not Trajectory.select().where(Trajectory.family == family.id).exists()
    t = trajectories.open_trajectory(family, M.KEY, responsible=worker, exclude={child.id: "woont bij vader"})
    row = TrajectoryMember.get((TrajectoryMember.trajectory == t.id) & (TrajectoryMember.member == child.id))
    assert not row.included and row.exclusion_reason == "woont bij vader"


# -- measures ---------------------------------------------------------------------------------------
def test_court_measure_needs_decision_date(traj):
    with pytest.raises(ValidationFailed) as info:
        services.record_measure(traj, "ots", started_on=START)
    assert info.value.problems[0].field == "court_decision_on"
    with pytest.raises(ValidationFailed):
        services.record_measure(traj, "huisarrest", started_on=START)
    assert Measure.select().count() == 0
    services.record_measure(traj, "ots", started_on=START, court_decision_on=START - dt.timedelta(days=3))
    services.record_measure(traj, "preventief", started_on=START)
    assert Measure.select().count() == 2


# -- ARIJ ------------------------------------------------------------------------------------------
def test_vt_due_within_five_working_days_then_done(traj, worker):
    signal = Signal.get((Signal.trajectory == traj.id) & (Signal.rule == M.VT))
    assert signal.due_on == dt.date(2026, 1, 12)  # five working days after Monday 5 January
    with clock.frozen(dt.date(2026, 1, 14)):
        assert signals.state(signal) == "overdue"
        signals.escalate_due()
    assert Signal.get_by_id(signal.id).target_role == "teamleider"
    with clock.frozen(dt.date(2026, 1, 14)):
        services.record_arij(traj, M.VT, SAFE_VT, assessor=worker)
    assert Signal.get_by_id(signal.id).status == "done"


def test_arij_scores_are_codes_and_outcomes(traj, worker):
    with pytest.raises(ValidationFailed):
        services.record_arij(traj, M.VT, {**SAFE_VT, "vt01": "the parent drinks"})
    with pytest.raises(ValidationFailed):
        services.record_arij(traj, M.VT, {"vt01": "0"})  # not all 10 items
    assert services.record_arij(traj, M.VT, UNSAFE_VT).outcome == "unsafe"
    assert services.record_arij(traj, M.RT, {"risiconiveau": "hoog"}).outcome == "hoog"
    drp = services.record_arij(traj, M.DRP, {"middelengebruik": "middelmatig", "probleembesef": "laag"})
    assert drp.outcome == "middelmatig" and drp.scores == {"middelengebruik": "middelmatig", "probleembesef": "laag"}
    with pytest.raises(ValidationFailed):
        services.record_arij(traj, M.DRP, {"unknown_factor": "hoog"})


def test_acute_unsafety_blocks_everything_until_immediate_action(traj, worker):
    services.record_arij(traj, M.VT, ACUTE_VT, assessor=worker)
    with pytest.raises(TransitionRefused) as info:
        trajectories.transition(traj, "uitvoering", worker=worker)
    assert "acutely unsafe" in str(info.value)
    for attempt in (lambda: services.record_measure(traj, "preventief", started_on=START),
                    lambda: services.record_ffp_session(traj, "engage_motivate"),
                    lambda: services.record_significant_event(traj, "incident"),
                    lambda: services.draft_gezinsplan(traj, language="nl", goals=[{"description": "x"}])):
        with pytest.raises(ValidationFailed) as refused:
            attempt()
        assert "immediate action" in str(refused.value)
    assert Measure.select().count() == 0 and not Plan.select().where(Plan.trajectory == traj.id).exists()
    assert Trajectory.get_by_id(traj.id).phase == "veiligheid"
    with pytest.raises(ValidationFailed):
        services.record_immediate_action(traj, "  ")
    services.record_immediate_action(traj, "Kinderen ondergebracht bij oma", worker=worker)
    assert ImmediateAction.select().count() == 1
    services.record_measure(traj, "preventief", started_on=START)
    with pytest.raises(ValidationFailed):  # nothing left to answer
        services.record_immediate_action(traj, "again")


def test_acute_gate_also_refuses_core_plan_agreement(traj, worker):
    plan = services.draft_gezinsplan(traj, language="nl", goals=[{"description": "Veilig"}])
    services.record_arij(traj, M.VT, ACUTE_VT)
    with pytest.raises(ValidationFailed):
        plans.agree(plan, worker=worker)
    assert Plan.get_by_id(plan.id).status == "draft"


# -- veiligheidsplan --------------------------------------------------------------------------------
def test_veiligheidsplan_bodemeis_needs_consequence_and_signature(traj, worker):
    plan = services.draft_veiligheidsplan(traj, bodemeisen=[{"requirement": "Geen alcohol", "consequence": ""}],
                                          agreements=[], network=[])
    services.sign_plan(plan, party_name="Ouder", party_role="parent")
    with pytest.raises(ValidationFailed) as info:
        services.agree_plan(plan, worker=worker)
    assert "has no consequence" in str(info.value)
    assert Plan.get_by_id(plan.id).status == "draft"
    unsigned = services.draft_veiligheidsplan(traj, bodemeisen=[{"requirement": "A", "consequence": "B"}],
                                              agreements=[], network=[])
    with pytest.raises(ValidationFailed) as info:
        services.agree_plan(unsigned, worker=worker)
    assert "signed" in str(info.value)
    empty = services.draft_veiligheidsplan(traj, bodemeisen=[], agreements=[], network=[])
    services.sign_plan(empty, party_name="Ouder", party_role="parent")
    with pytest.raises(ValidationFailed):
        services.agree_plan(empty, worker=worker)
    assert agreed_veiligheidsplan(traj, worker).status == "agreed"


# -- gezinsplan -------------------------------------------------------------------------------------
def test_gezinsplan_needs_language_and_warns_for_unlinked_high_factor(traj, worker):
    services.record_arij(traj, M.DRP, {"huiselijk_geweld": "hoog", "middelengebruik": "hoog", "probleembesef": "laag"})
    no_language = services.draft_gezinsplan(traj, language=None, goals=[{"description": "x"}])
    with pytest.raises(ValidationFailed) as info:
        services.agree_plan(no_language, worker=worker)
    assert info.value.problems[0].field == "language"
    plan = services.draft_gezinsplan(traj, language="ar", goals=[
        {"description": "Geen geweld meer", "linked_to": "huiselijk_geweld"}])
    warnings = services.agree_plan(plan, worker=worker)
    assert [(w.severity, w.message) for w in warnings] == [
        ("warning", "high risk factor 'middelengebruik' has no goal in the gezinsplan")]
    assert Plan.get_by_id(plan.id).status == "agreed"


# -- phase 1 -> 2 -----------------------------------------------------------------------------------
def test_phase_one_ends_only_with_vt_and_agreed_gezinsplan(traj, worker):
    with pytest.raises(TransitionRefused) as info:
        trajectories.transition(traj, "uitvoering", worker=worker)
    fields = {p.field for p in info.value.problems}
    assert fields == {"arij_vt", "gezinsplan"}
    services.record_arij(traj, M.VT, UNSAFE_VT)
    agreed_gezinsplan(traj, worker)
    with pytest.raises(TransitionRefused) as info:
        trajectories.transition(traj, "uitvoering", worker=worker)
    assert [p.field for p in info.value.problems] == ["veiligheidsplan"]
    assert Trajectory.get_by_id(traj.id).phase == "veiligheid"
    agreed_veiligheidsplan(traj, worker)
    trajectories.transition(traj, "uitvoering", worker=worker)
    assert Trajectory.get_by_id(traj.id).phase == "uitvoering"


# -- phase 2: uitvoerdersoverleg cadence -------------------------------------------------------------
def test_overleg_overdue_after_42_days_goes_to_teamleider(traj, worker):
    t = to_uitvoering(traj, worker)
    signal = Signal.get((Signal.trajectory == t.id) & (Signal.rule == M.UITVOERDERSOVERLEG) & (Signal.status == "open"))
    assert signal.due_on == START + dt.timedelta(days=42)
    with clock.frozen(START + dt.timedelta(days=35)):
        assert signals.state(signal) == "due"
    with clock.frozen(START + dt.timedelta(days=43)):
        assert signals.state(signal) == "overdue"
        signals.escalate_due()
    signal = Signal.get_by_id(signal.id)
    assert signal.target_role == "teamleider"
    with clock.frozen(START + dt.timedelta(days=44)):
        services.record_uitvoerdersoverleg(t, participants=[{"name": "Wijkteam", "role": "executor"}])
    signal = Signal.get_by_id(signal.id)
    assert signal.due_on == START + dt.timedelta(days=44 + 42) and signal.target_role == "worker"


def test_overleg_only_in_uitvoering(traj, worker):
    with pytest.raises(ValidationFailed):
        services.record_uitvoerdersoverleg(traj)
    assert not Meeting.select().where(Meeting.kind == M.UITVOERDERSOVERLEG).exists()


# -- interventions and escalation -------------------------------------------------------------------
def test_intervention_evaluation_and_escalation_climbs(traj, worker):
    t = to_uitvoering(traj, worker)
    with pytest.raises(ValidationFailed):
        services.evaluate_intervention(t, "", effective=False)
    with clock.frozen(START + dt.timedelta(days=10)):
        services.evaluate_intervention(t, "Gezinsbehandeling", effective=False)
        with pytest.raises(ValidationFailed):
            services.raise_issue(t, "boredom", "x")
        issue = services.raise_issue(t, "failing_provision", "Behandeling werkt niet; geen alternatief")
    assert services.current_level(issue) == (0, "executors")
    with clock.frozen(START + dt.timedelta(days=10 + 15)):
        signals.escalate_due()
    assert services.current_level(issue) == (1, "managers")
    with clock.frozen(START + dt.timedelta(days=10 + 15 + 14)):
        signals.escalate_due()
    assert services.current_level(issue) == (2, "process_director")
    with clock.frozen(START + dt.timedelta(days=10 + 15 + 28)):
        signals.escalate_due()
    assert services.current_level(issue) == (3, "alderman")
    services.resolve_issue(issue, "alternative_found", "Wethouder koopt aanbod in")
    issue = EscalationIssue.get_by_id(issue.id)
    assert issue.resolved_at_level == 3 and Signal.get_by_id(issue.signal_id).status == "done"
    with pytest.raises(ValidationFailed):
        services.resolve_issue(issue, "resolved", "again")


@pytest.mark.gezinsroute_deployment("deployments/jeugdbescherming.toml")
def test_deployment_overrides_ladder(gz):
    from gezinsroute.runtime import registry

    steps = registry().ladders[M.ESCALATION_LADDER].steps
    assert steps[0] == ("executors", 10) and steps[-1] == ("alderman", 0)  # the region answers faster


# -- significant events and breaches ----------------------------------------------------------------
def test_significant_event_asks_reassessment_until_new_rt(traj, worker):
    with pytest.raises(ValidationFailed):
        services.record_significant_event(traj, "birthday")
    event = services.record_significant_event(traj, "placement", description="Uithuisplaatsing")
    signal = Signal.get_by_id(event.signal_id)
    assert signal.rule == M.REASSESSMENT_SIGNAL and signal.status == "open"
    services.record_arij(traj, M.VT, SAFE_VT)  # a VT does not answer a re-assessment
    assert Signal.get_by_id(signal.id).status == "open"
    services.record_arij(traj, M.RT, {"risiconiveau": "middelmatig"})
    assert Signal.get_by_id(signal.id).status == "done"


def test_breached_bodemeis_records_consequence_and_escalates(traj, worker):
    services.record_arij(traj, M.VT, UNSAFE_VT)
    plan = agreed_veiligheidsplan(traj, worker)
    with pytest.raises(ValidationFailed):
        services.record_breach(plan, 0, "")
    with pytest.raises(ValidationFailed):
        services.record_breach(plan, 5, "Melding gedaan")
    assert BodemeisBreach.select().count() == 0 and EscalationIssue.select().count() == 0
    breach = services.record_breach(plan, 0, "Melding gedaan bij de Raad")
    issue = EscalationIssue.get_by_id(breach.issue_id)
    assert issue.reason == "bodemeis_breached" and Signal.get_by_id(issue.signal_id).ladder == M.ESCALATION_LADDER


# -- phase 3 and closing ----------------------------------------------------------------------------
def test_close_needs_borgingsplan_and_final_rt(traj, worker):
    t = to_uitvoering(traj, worker)
    trajectories.transition(t, "borging", worker=worker)
    with pytest.raises(TransitionRefused) as info:
        trajectories.transition(t, "afgesloten", worker=worker, end_reason_cbs="01")
    assert {p.field for p in info.value.problems} == {"borgingsplan", "arij_rt"}
    incomplete = services.draft_borgingsplan(t, origin="Veel ruzie", learned="", future="Bellen", watchers=[])
    with pytest.raises(ValidationFailed) as info:
        services.agree_plan(incomplete, worker=worker)
    assert {p.field for p in info.value.problems} == {"learned", "watchers"}
    plan = services.draft_borgingsplan(t, origin="Veel ruzie", learned="Rustig praten", future="Oma bellen",
                                       watchers=[{"who": "Wijkteam", "watches": "schoolgang"}])
    services.agree_plan(plan, worker=worker)
    services.record_arij(t, M.RT, {"risiconiveau": "laag"})
    with pytest.raises(TransitionRefused):  # the core still asks for an end reason
        trajectories.transition(t, "afgesloten", worker=worker)
    trajectories.transition(t, "afgesloten", worker=worker, end_reason_cbs="01")
    t = Trajectory.get_by_id(t.id)
    assert t.ended_on is not None and t.end_reason_cbs == "01"
    from gezinsroute_systeemgericht.rules import final_rt

    assert final_rt(t).outcome == "laag"
