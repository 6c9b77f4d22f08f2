"""Management information: timeliness of ARIJ and uitvoerdersoverleg, escalations, caseload.

Timeliness is measured against the same norms the signals use (configurable), so
the report and the signal lists never disagree.
"""

from __future__ import annotations

import datetime as dt

from gezinsroute.plugin_api import (
    Assessment,
    Meeting,
    Report,
    ReportTable,
    Trajectory,
    Worker,
    clock,
    suppress,
)
from gezinsroute.plugin_api import lazy_gettext as _l

from . import methodology as M
from .config import DEFAULTS
from .models import EscalationIssue
from .services import current_level


def _config(deployment) -> dict:
    return (deployment.plugin_config(M.KEY) if deployment is not None else None) or DEFAULTS


def _share(on_time: int, total: int) -> str:
    return f"{round(100 * on_time / total)}%" if total else "-"


def vt_on_time(period, deployment=None) -> ReportTable:
    """Trajectories started in the period whose first VT came within the working-day norm."""
    days = _config(deployment)["vt_working_days"]
    started = Trajectory.select().where((Trajectory.methodology == M.KEY)
                                        & Trajectory.started_on.between(period.start, period.end))
    on_time = late = missing = 0
    for trajectory in started:
        first = (Assessment.select(Assessment.assessed_on).where(
            (Assessment.trajectory == trajectory.id) & (Assessment.instrument == M.VT))
            .order_by(Assessment.assessed_on).first())
        deadline = clock.add_working_days(trajectory.started_on, days)
        if first is None:
            missing += 1
        elif first.assessed_on <= deadline:
            on_time += 1
        else:
            late += 1
    total = on_time + late + missing
    return ReportTable(columns=["started", "vt_on_time", "vt_late", "vt_missing", "share_on_time"],
                       rows=[[suppress(total), suppress(on_time), suppress(late), suppress(missing),
                              _share(on_time, total)]],
                       title=f"ARIJ veiligheidstaxatie within {days} working days, {period}")


def _overleg_intervals(trajectory, period, every: int) -> tuple[int, int]:
    """Count (on time, late) intervals between consecutive overleggen held in the period."""
    dates = [m.held_on for m in Meeting.select(Meeting.held_on).where(
        (Meeting.trajectory == trajectory.id) & (Meeting.kind == M.UITVOERDERSOVERLEG)).order_by(Meeting.held_on)]
    anchor = M.phase_started_on(trajectory, "uitvoering")
    on_time = late = 0
    for held in dates:
        if period.start <= held <= period.end:
            if (held - anchor).days <= every:
                on_time += 1
            else:
                late += 1
        anchor = held
    return on_time, late


def overleg_on_time(period, deployment=None) -> ReportTable:
    every = _config(deployment)["uitvoerdersoverleg_days"]
    on_time = late = 0
    for trajectory in Trajectory.select().where(Trajectory.methodology == M.KEY):
        a, b = _overleg_intervals(trajectory, period, every)
        on_time, late = on_time + a, late + b
    total = on_time + late
    return ReportTable(columns=["held", "on_time", "late", "share_on_time"],
                       rows=[[suppress(total), suppress(on_time), suppress(late), _share(on_time, total)]],
                       title=f"Uitvoerdersoverleg within {every} days of the previous one, {period}")


def escalations(period, deployment=None) -> ReportTable:
    """Kwesties raised in the period by the highest ladder level reached and their outcome."""
    ladder = _ladder_steps()
    counts: dict[tuple[str, str], int] = {}
    for issue in EscalationIssue.select().where(EscalationIssue.raised_on.between(period.start, period.end)):
        level, _role = current_level(issue)
        role = ladder[level][0] if level < len(ladder) else str(level + 1)
        key = (f"{level + 1} {role}", issue.outcome or "open")
        counts[key] = counts.get(key, 0) + 1
    rows = [[level, outcome, suppress(n)] for (level, outcome), n in sorted(counts.items())]
    return ReportTable(columns=["level", "outcome", "kwesties"], rows=rows, title=f"Escalations {period}")


def _ladder_steps():
    from gezinsroute.plugin_api import registry

    ladder = registry().ladders.get(M.ESCALATION_LADDER)
    return ladder.steps if ladder else ()


def caseload(period, deployment=None) -> ReportTable:
    """Open trajectories per gezinsmanager today; above the cap is flagged for the teamleider."""
    cap = _config(deployment)["caseload_cap"]
    rows = []
    query = (Worker.select(Worker.full_name, Trajectory.id)
             .join(Trajectory, on=(Trajectory.responsible == Worker.id))
             .where((Trajectory.methodology == M.KEY) & Trajectory.ended_on.is_null()).tuples())
    counts: dict[str, int] = {}
    for name, _tid in query:
        counts[name] = counts.get(name, 0) + 1
    for name, n in sorted(counts.items()):
        rows.append([name, n, "above cap" if n > cap else ""])
    notes = [f"cap {cap} per gezinsmanager (config caseload_cap); measured {dt.date.isoformat(clock.today())}"]
    return ReportTable(columns=["gezinsmanager", "open_trajectories", "warning"], rows=rows,
                       title="Caseload per gezinsmanager", notes=notes)


def reports() -> list[Report]:
    return [
        Report("systeemgericht.arij_vt_on_time", _l("ARIJ veiligheidstaxatie on time"), run=vt_on_time),
        Report("systeemgericht.uitvoerdersoverleg_on_time", _l("Uitvoerdersoverleg on time"), run=overleg_on_time),
        Report("systeemgericht.escalations", _l("Escalations by level and outcome"), run=escalations),
        Report("systeemgericht.caseload", _l("Caseload per gezinsmanager"), run=caseload, aggregate_only=False),
    ]
