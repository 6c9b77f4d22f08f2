"""Systeemgericht rows of a bulk load (``populate_bulk_data``): plausible, consistent, reproducible, readable."""

import datetime as dt

import pytest
from gezinsroute import bulk, clock
from gezinsroute.models import Meeting, Trajectory
from gezinsroute.reports import Period
from gezinsroute.testing.helpers import act_as_worker, dangling, within_trajectory
from gezinsroute_systeemgericht import methodology as M
from gezinsroute_systeemgericht import reports
from gezinsroute_systeemgericht.models import (
    EVENT_KINDS,
    FFP_PHASES,
    ISSUE_OUTCOMES,
    MEASURE_TYPES,
    EscalationIssue,
    FfpSession,
    InterventionEvaluation,
    Measure,
    SignificantEvent,
)

pytestmark = pytest.mark.gezinsroute_plugins("systeemgericht")

FAMILIES = 60





def test_bulk_load_writes_consistent_systeemgericht_rows(gz):
    db = gz.database
    result = bulk.generate(gz, families=FAMILIES, seed=3)
    ours = Trajectory.select().where(Trajectory.methodology == M.KEY)
    n = ours.count()
    past_phase_one = ours.where(Trajectory.phase != "veiligheid").count()
    assert n > 20
    # one measure per trajectory; about one FFP session (a core meeting with its tag) per trajectory
    assert Measure.select().count() == n == result.counts["systeemgericht_measure"]
    ffp = FfpSession.select().count()
    assert 0.8 * n <= ffp <= n and ffp == Meeting.select().where(Meeting.kind == M.FFP_SESSION).count()
    assert 0 < InterventionEvaluation.select().count() <= past_phase_one
    assert 0 < Meeting.select().where(Meeting.kind == M.UITVOERDERSOVERLEG).count() <= 2 * n
    assert SignificantEvent.select().count() <= past_phase_one
    for child, column, parent in [
            ("systeemgericht_measure", "trajectory_id", "trajectory"),
            ("systeemgericht_ffp_session", "trajectory_id", "trajectory"),
            ("systeemgericht_ffp_session", "meeting_id", "meeting"),
            ("systeemgericht_intervention_evaluation", "trajectory_id", "trajectory"),
            ("systeemgericht_intervention_evaluation", "provider_id", "partner"),
            ("systeemgericht_escalation_issue", "trajectory_id", "trajectory"),
            ("systeemgericht_escalation_issue", "provider_id", "partner"),
            ("systeemgericht_escalation_issue", "signal_id", "signal"),
            ("systeemgericht_significant_event", "trajectory_id", "trajectory"),
            ("systeemgericht_significant_event", "signal_id", "signal"),
            ("meeting", "trajectory_id", "trajectory"), ("meeting", "family_id", "family"),
            ("meeting", "created_by_id", "worker")]:
        assert dangling(db, child, column, parent) == 0, (child, column)
    for m in Measure.select(Measure, Trajectory).join(Trajectory):
        assert m.measure_type in MEASURE_TYPES and m.started_on == m.trajectory.started_on
        assert (m.court_decision_on is None) == (m.measure_type == "preventief")
        assert m.ended_on == m.trajectory.ended_on
    for f in FfpSession.select(FfpSession, Meeting, Trajectory).join(Meeting).switch(FfpSession).join(Trajectory):
        t = f.trajectory
        assert f.ffp_phase in FFP_PHASES and f.meeting.trajectory_id == t.id and f.meeting.family_id == t.family_id
        assert within_trajectory(t, f.meeting.held_on)
    for m in Meeting.select(Meeting, Trajectory).join(Trajectory).where(Meeting.kind == M.UITVOERDERSOVERLEG):
        assert m.trajectory.phase == "uitvoering" and within_trajectory(m.trajectory, m.held_on)
        assert (m.held_on - m.trajectory.started_on).days >= 21
    for e in InterventionEvaluation.select(InterventionEvaluation, Trajectory).join(Trajectory):
        assert e.trajectory.phase != "veiligheid" and within_trajectory(e.trajectory, e.evaluated_on)
    for i in EscalationIssue.select(EscalationIssue, Trajectory).join(Trajectory):
        assert i.outcome in ISSUE_OUTCOMES and i.raised_on < i.resolved_on and i.resolved_at_level in (0, 1, 2)
        assert within_trajectory(i.trajectory, i.raised_on, i.resolved_on)
    for e in SignificantEvent.select(SignificantEvent, Trajectory).join(Trajectory):
        assert e.kind in EVENT_KINDS and within_trajectory(e.trajectory, e.occurred_on)


def test_bulk_load_is_reproducible(gz):
    def fingerprint(first, last):
        rows = (Measure.select(Measure.trajectory, Measure.measure_type, Measure.court_decision_on)
                .where(Measure.trajectory.between(first, last)).order_by(Measure.id).tuples())
        events = (SignificantEvent.select(SignificantEvent.trajectory, SignificantEvent.kind)
                  .where(SignificantEvent.trajectory.between(first, last)).order_by(SignificantEvent.id).tuples())
        return [(tid - first, kind, str(day)) for tid, kind, day in rows] + [(tid - first, k) for tid, k in events]

    first = bulk._next_id(gz.database, "trajectory")
    bulk.generate(gz, families=30, seed=11)
    second = bulk._next_id(gz.database, "trajectory")
    bulk.generate(gz, families=30, seed=11)
    end = bulk._next_id(gz.database, "trajectory")
    assert fingerprint(first, second - 1) == fingerprint(second, end - 1) != []


def test_systeemgericht_screens_and_reports_read_bulk_data(gz, app, client):
    bulk.generate(gz, families=FAMILIES, seed=5)
    today = clock.today()
    period = Period(today - dt.timedelta(days=3 * 365), today)
    for report in reports.reports():
        assert report.run(period, gz.deployment).rows is not None
    held = reports.overleg_on_time(period, gz.deployment).rows[0][0]
    assert held not in (0, "0")
    who = act_as_worker(app)
    for phase in ("veiligheid", "uitvoering", "borging"):
        t = Trajectory.select().where((Trajectory.methodology == M.KEY) & (Trajectory.phase == phase)).first()
        who["worker"] = t.responsible
        page = client.get(f"/systeemgericht/trajectory/{t.id}?lang=en")
        assert page.status_code == 200, phase
        measure = Measure.get(Measure.trajectory == t.id)
        assert measure.measure_type in page.get_data(as_text=True)
        assert client.get(f"/families/{t.family_id}?lang=en").status_code == 200
