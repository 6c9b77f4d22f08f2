"""5V rows of a bulk load (``populate_bulk_data``): plausible, consistent, reproducible, readable."""

import datetime as dt

import pytest
from gezinsroute import bulk, clock
from gezinsroute.models import Trajectory
from gezinsroute.reports import Period
from gezinsroute.testing.helpers import act_as_worker, dangling, day
from gezinsroute_vijfv import reports
from gezinsroute_vijfv.models import Evaluation, Progress

pytestmark = pytest.mark.gezinsroute_plugins("vijfv")

FAMILIES = 60





def test_bulk_load_writes_consistent_5v_rows(gz):
    db = gz.database
    result = bulk.generate(gz, families=FAMILIES, seed=3)
    ours = Trajectory.select().where(Trajectory.methodology == "vijfv")
    following = ours.where(Trajectory.phase.in_(("volgen", "voltooien")))
    completed = ours.where(Trajectory.phase == "voltooien")
    assert following.count() > 5 and completed.count() > 0
    progress = Progress.select().count()
    assert result.counts["vijfv_progress"] == progress
    assert following.count() <= progress <= 2 * following.count()
    # every completed trajectory has its (one) evaluation, with the trajectory's end reason
    assert Evaluation.select().count() == completed.count() == result.counts["vijfv_evaluation"]
    for e in Evaluation.select(Evaluation, Trajectory).join(Trajectory):
        assert e.evaluated_on == e.trajectory.ended_on and e.end_reason_cbs == e.trajectory.end_reason_cbs
        assert set(e.results.values()) <= {"achieved", "partly", "not_achieved"} and e.impact
    for child, column, parent in [("vijfv_progress", "trajectory_id", "trajectory"),
                                  ("vijfv_progress", "worker_id", "worker"),
                                  ("vijfv_progress", "member_id", "member"),
                                  ("vijfv_evaluation", "trajectory_id", "trajectory"),
                                  ("vijfv_evaluation", "worker_id", "worker")]:
        assert dangling(db, child, column, parent) == 0, (child, column)
    # progress lies in the trajectory's span, after three weeks when there were three weeks
    today = clock.today()
    for p in Progress.select(Progress, Trajectory).join(Trajectory):
        t = p.trajectory
        assert t.phase in ("volgen", "voltooien") and p.worker_id == t.responsible_id
        assert day(t.started_on) <= day(p.recorded_on) <= day(t.ended_on or today)
        assert p.trend in ("improving", "stable", "declining") and p.summary


def test_bulk_load_is_reproducible(gz):
    def fingerprint(first, last):
        rows = (Progress.select(Progress, Trajectory).join(Trajectory)
                .where(Trajectory.id.between(first, last)).order_by(Progress.id))
        return [(p.trajectory_id - first, (p.recorded_on - p.trajectory.started_on).days, p.trend, p.programme,
                 p.summary) for p in rows]

    first = bulk._next_id(gz.database, "trajectory")
    bulk.generate(gz, families=30, seed=11)
    second = bulk._next_id(gz.database, "trajectory")
    bulk.generate(gz, families=30, seed=11)
    end = bulk._next_id(gz.database, "trajectory")
    assert fingerprint(first, second - 1) == fingerprint(second, end - 1) != []


def test_5v_screens_and_reports_read_bulk_data(gz, app, client):
    bulk.generate(gz, families=FAMILIES, seed=5)
    today = clock.today()
    table = reports.funder_report(Period(today - dt.timedelta(days=3 * 365), today), suppress_small=False)
    rows = {(section, item): n for section, item, n in table.rows}
    assert rows[("evaluation", "evaluations")] == Evaluation.select().count() > 0
    assert rows[("reach", "trajectories_completed")] == Evaluation.select().count()
    who = act_as_worker(app)
    t = Trajectory.select().where(Trajectory.phase == "volgen").order_by(Trajectory.id).first()
    who["worker"] = t.responsible
    page = client.get(f"/vijfv/trajectory/{t.id}?lang=en")
    assert page.status_code == 200
    latest = Progress.select().where(Progress.trajectory == t.id).order_by(Progress.recorded_on.desc()).first()
    assert latest.summary in page.get_data(as_text=True)
    assert client.get(f"/families/{t.family_id}?lang=en").status_code == 200
    done = Trajectory.select().where(Trajectory.phase == "voltooien").order_by(Trajectory.id).first()
    who["worker"] = done.responsible
    assert client.get(f"/vijfv/trajectory/{done.id}?lang=en").status_code == 200
