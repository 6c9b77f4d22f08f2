"""Small helpers plugin tests share (bulk data checks, acting as a worker without a login)."""

from __future__ import annotations

import flask

from .. import clock, permissions
from ..runtime import current


def day(value) -> str:
    """The ISO date of a date, datetime or stored text (SQLite gives text, PostgreSQL objects)."""
    return str(value)[:10]


def dangling(db, child: str, column: str, parent: str) -> int:
    """How many rows of ``child`` point with ``column`` at no row of ``parent``."""
    return db.execute_sql(
        f'SELECT COUNT(*) FROM "{child}" c LEFT JOIN "{parent}" p ON p.id = c."{column}" '
        f'WHERE c."{column}" IS NOT NULL AND p.id IS NULL').fetchone()[0]


def within_trajectory(trajectory, *days) -> bool:
    """Whether every given date (``None`` skipped) falls in the trajectory's span (start … end or today)."""
    end = day(trajectory.ended_on or clock.today())
    return all(day(trajectory.started_on) <= day(d) <= end for d in days if d is not None)


def act_as_worker(app) -> dict:
    """Stand in for the real login: every request runs as ``who["worker"]`` (set it before a request)."""
    who: dict = {}

    def _as_worker():
        worker = who["worker"]
        flask.g.worker = worker
        flask.g.roles = worker.roles
        flask.g.permissions = permissions.permissions_for(worker.roles, current().registry)

    app.before_request(_as_worker)
    return who
