"""Klantroute rows of a bulk load (``populate_bulk_data``): plausible, consistent, reproducible, readable."""

import datetime as dt

from gezinsroute import bulk, clock
from gezinsroute.models import Member, PhaseChange, Trajectory
from gezinsroute.reports import Period
from gezinsroute.testing.helpers import act_as_worker, dangling, within_trajectory
from gezinsroute_klantroute import reports, steungezin
from gezinsroute_klantroute.config import CLOSED_STEP
from gezinsroute_klantroute.methodology import METHODOLOGY, is_lighter, lighter_steps
from gezinsroute_klantroute.models import (
    MATCH_STATUSES,
    CoordinatorVisit,
    Jim,
    JimEvaluation,
    MatchEvaluation,
    NetworkPerson,
    Question,
    StepExploration,
    StepMove,
    SupportFamily,
    SupportMatch,
    SupportRequest,
)
from gezinsroute_klantroute.rules import maatwerk_gate_problems
from gezinsroute_klantroute.testkit import ON_DEPLOYMENT

pytestmark = ON_DEPLOYMENT

FAMILIES = 60





def test_bulk_load_writes_consistent_routes(gz):
    db = gz.database
    config = gz.deployment.plugin_config("klantroute")
    result = bulk.generate(gz, families=FAMILIES, seed=3)
    ours = Trajectory.select().where(Trajectory.methodology == METHODOLOGY)
    n = ours.count()
    assert n > 30
    assert Question.select().count() == n == NetworkPerson.select().count() == result.counts["klantroute_question"]
    moves = PhaseChange.select().join(Trajectory).where((Trajectory.methodology == METHODOLOGY)
                                                        & PhaseChange.from_phase.is_null(False))
    assert StepMove.select().count() == moves.count()
    maatwerk = moves.where(PhaseChange.to_phase == config["maatwerk_step"]).count()
    assert StepExploration.select().count() == maatwerk * len(lighter_steps(config["maatwerk_step"]))
    assert 0 < SupportMatch.select().count() == SupportRequest.select().count() <= n
    assert 0 < Jim.select().count() <= n
    for child, column, parent in [
            ("klantroute_question", "trajectory_id", "trajectory"), ("klantroute_question", "family_id", "family"),
            ("klantroute_question", "entry_partner_id", "partner"),
            ("klantroute_step_exploration", "trajectory_id", "trajectory"),
            ("klantroute_step_exploration", "recorded_by_id", "worker"),
            ("klantroute_step_move", "trajectory_id", "trajectory"),
            ("klantroute_step_move", "phase_change_id", "phase_change"),
            ("klantroute_step_move", "worker_id", "worker"),
            ("klantroute_network_person", "family_id", "family"),
            ("klantroute_network_person", "trajectory_id", "trajectory"),
            ("klantroute_support_request", "trajectory_id", "trajectory"),
            ("klantroute_support_request", "family_id", "family"),
            ("klantroute_support_family", "area_id", "area"),
            ("klantroute_support_match", "request_id", "klantroute_support_request"),
            ("klantroute_support_match", "support_family_id", "klantroute_support_family"),
            ("klantroute_support_match", "involvement_id", "involvement"),
            ("klantroute_coordinator_visit", "match_id", "klantroute_support_match"),
            ("klantroute_match_evaluation", "match_id", "klantroute_support_match"),
            ("klantroute_jim", "family_id", "family"), ("klantroute_jim", "youth_id", "member"),
            ("klantroute_jim", "trajectory_id", "trajectory"), ("klantroute_jim", "chosen_by_id", "member"),
            ("klantroute_jim", "parental_agreement_by_id", "member"),
            ("klantroute_jim_evaluation", "jim_id", "klantroute_jim")]:
        assert dangling(db, child, column, parent) == 0, (child, column)
    for q in Question.select(Question, Trajectory).join(Trajectory):
        t = q.trajectory
        assert q.entry_point in config["entry_points"] and q.family_id == t.family_id
        assert q.received_on == t.started_on and within_trajectory(t, q.first_answer_on)
    for m in StepMove.select(StepMove, PhaseChange).join(PhaseChange):
        change = m.phase_change
        assert (m.trajectory_id, m.from_step, m.to_step) == (change.trajectory_id, change.from_phase, change.to_phase)
        assert m.moved_on == change.changed_at.date() and m.afschaling == is_lighter(m.to_step, m.from_step)
    # the maatwerk gate holds for every route that reached maatwerk
    for change in moves.where(PhaseChange.to_phase == config["maatwerk_step"]):
        t = Trajectory.get_by_id(change.trajectory_id)
        assert maatwerk_gate_problems(t, config["maatwerk_step"]) == []
    for match in SupportMatch.select(SupportMatch, SupportRequest).join(SupportRequest):
        t = Trajectory.get_by_id(match.request.trajectory_id)
        assert match.status in MATCH_STATUSES and within_trajectory(t, match.proposed_on, match.introduction_on,
                                                          match.agreement_on, match.ended_on)
        assert SupportFamily.get_by_id(match.support_family_id).vog_on < match.proposed_on
        if match.status in ("trial", "active") or match.agreement_on:
            assert steungezin.introduction_problems(match) == []  # VOG and both visits before the introduction
        assert (match.status == "active") == (match.agreement_on is not None and match.ended_on is None)
    for v in CoordinatorVisit.select(CoordinatorVisit, SupportMatch).join(SupportMatch):
        assert v.visited in ("asking", "support") and v.visited_on <= (v.match.introduction_on or clock.today())
    for e in MatchEvaluation.select(MatchEvaluation, SupportMatch).join(SupportMatch):
        assert e.held_on > e.match.agreement_on
    for jim in Jim.select():
        youth, parent = Member.get_by_id(jim.youth_id), Member.get_by_id(jim.parental_agreement_by_id)
        t = Trajectory.get_by_id(jim.trajectory_id)
        assert youth.role == "child" and parent.role == "parent" and jim.chosen_by_id == youth.id
        assert youth.family_id == parent.family_id == jim.family_id == t.family_id
        assert youth.age_on(jim.asked_on) >= 12 and within_trajectory(t, jim.asked_on)
    for e in JimEvaluation.select(JimEvaluation, Jim).join(Jim):
        assert e.jim.asked_on < e.held_on <= clock.today()


def test_bulk_load_is_reproducible(gz):
    def fingerprint(first, last):
        rows = (Question.select(Question, Trajectory).join(Trajectory)
                .where(Trajectory.id.between(first, last)).order_by(Question.id))
        jims = Jim.select().where(Jim.trajectory.between(first, last)).order_by(Jim.id)
        return ([(q.trajectory_id - first, q.entry_point, q.question_text, str(q.first_answer_on)) for q in rows]
                + [(j.trajectory_id - first, j.name, j.relation) for j in jims])

    first = bulk._next_id(gz.database, "trajectory")
    bulk.generate(gz, families=30, seed=11)
    second = bulk._next_id(gz.database, "trajectory")
    bulk.generate(gz, families=30, seed=11)
    end = bulk._next_id(gz.database, "trajectory")
    assert fingerprint(first, second - 1) == fingerprint(second, end - 1) != []


def test_route_screens_and_metrics_read_bulk_data(gz, app, client):
    bulk.generate(gz, families=FAMILIES, seed=5)
    today = clock.today()
    table = reports.metrics(Period(today - dt.timedelta(days=3 * 365), today), gz.deployment, suppress_small=False)
    total = table.rows[-1]
    assert total[0] == "total" and total[1] == Question.select().count()
    assert total[6] == Trajectory.select().where((Trajectory.methodology == METHODOLOGY)
                                                 & Trajectory.ended_on.is_null(False)).count()
    assert total[-1] == Question.select().where(Question.family.in_(Jim.select(Jim.family))).count() > 0
    who = act_as_worker(app)
    match = (SupportMatch.select().join(SupportRequest).join(Trajectory)
             .where(Trajectory.ended_on.is_null()).order_by(SupportMatch.id).first())
    t = Trajectory.get_by_id(match.request.trajectory_id)
    who["worker"] = t.responsible
    page = client.get(f"/klantroute/{t.id}?lang=en")
    assert page.status_code == 200 and Question.get(Question.trajectory == t.id).question_text in page.get_data(
        as_text=True)
    assert client.get(f"/klantroute/{t.id}/steungezin?lang=en").status_code == 200
    family = client.get(f"/families/{t.family_id}?lang=en")
    assert family.status_code == 200 and "Klantroute" in family.get_data(as_text=True)
    assert Trajectory.select().where(Trajectory.phase == CLOSED_STEP).exists()  # closed routes are in the metrics
