"""Reports: the core's own (CBS-style trajectory counts) and helpers plugins share.

Aggregate reports suppress cells under :data:`SMALL_CELL` so policy officers never
see numbers that could identify a family.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from peewee import JOIN, Case, fn

from .codes import CBS_END_REASONS
from .models import Family, Municipality, Trajectory
from .registry import Report, ReportTable

SMALL_CELL = 5


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date  # inclusive

    @classmethod
    def parse(cls, text: str | None) -> Period:
        """``2026``, ``2026-H1``, ``2026-Q3``, ``2026-05`` or ``2026-01-01..2026-06-30``."""
        today = dt.date.today()
        if not text:
            return cls(dt.date(today.year, 1, 1), dt.date(today.year, 12, 31))
        if ".." in text:
            a, b = text.split("..", 1)
            return cls(dt.date.fromisoformat(a), dt.date.fromisoformat(b))
        if "-H" in text:
            year, half = text.split("-H")
            y = int(year)
            if half == "1":
                return cls(dt.date(y, 1, 1), dt.date(y, 6, 30))
            return cls(dt.date(y, 7, 1), dt.date(y, 12, 31))
        if "-Q" in text:
            year, q = text.split("-Q")
            y, q = int(year), int(q)
            start = dt.date(y, 3 * (q - 1) + 1, 1)
            end = (dt.date(y + (q == 4), (3 * q) % 12 + 1, 1) - dt.timedelta(days=1))
            return cls(start, end)
        if len(text) == 7:
            y, m = map(int, text.split("-"))
            nxt = dt.date(y + (m == 12), m % 12 + 1, 1)
            return cls(dt.date(y, m, 1), nxt - dt.timedelta(days=1))
        y = int(text)
        return cls(dt.date(y, 1, 1), dt.date(y, 12, 31))

    def __str__(self):
        return f"{self.start.isoformat()}..{self.end.isoformat()}"


def suppress(value: int | None, aggregate: bool = True) -> int | str | None:
    """Hide small counts in aggregate output ("<5")."""
    if aggregate and value is not None and 0 < value < SMALL_CELL:
        return f"<{SMALL_CELL}"
    return value


def trajectory_counts(period: Period, deployment=None, suppress_small: bool = True) -> ReportTable:
    """Started, active and ended trajectories per methodology and municipality, with CBS end reasons."""
    started = fn.SUM(Case(None, [(Trajectory.started_on.between(period.start, period.end), 1)], 0))
    ended = fn.SUM(Case(None, [(Trajectory.ended_on.between(period.start, period.end), 1)], 0))
    active = fn.COUNT(Trajectory.id)
    query = (Trajectory.select(Trajectory.methodology, Municipality.code, started.alias("started"),
                               ended.alias("ended"), active.alias("active"))
             .join(Family).join(Municipality, JOIN.LEFT_OUTER, on=(Family.municipality == Municipality.id))
             .where((Trajectory.started_on <= period.end)
                    & (Trajectory.ended_on.is_null() | (Trajectory.ended_on >= period.start)))
             .group_by(Trajectory.methodology, Municipality.code)
             .order_by(Trajectory.methodology, Municipality.code).tuples())
    rows = [[m, code or "onbekend", *(suppress(n, suppress_small) for n in (s, e, a))]
            for m, code, s, e, a in query]
    reasons = (Trajectory.select(Trajectory.end_reason_cbs, fn.COUNT(Trajectory.id))
               .where(Trajectory.ended_on.between(period.start, period.end))
               .group_by(Trajectory.end_reason_cbs).tuples())
    notes = [f"{code or '??'} {CBS_END_REASONS.get(code, 'onbekend')}: {suppress(n, suppress_small)}"
             for code, n in reasons]
    return ReportTable(columns=["methodology", "municipality", "started", "ended", "active"], rows=rows,
                       title=f"Trajectories {period}", notes=notes)


def core_reports() -> list[Report]:
    return [Report("trajectories", _l("Trajectories per methodology and municipality"),
                   run=trajectory_counts, aggregate_only=True)]
