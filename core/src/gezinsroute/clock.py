"""The platform's clock, in one place so tests (and demos) can move time.

Everything that computes due dates asks :func:`today` / :func:`now` instead of
``datetime.date.today()``. Tests use :func:`frozen` to travel in time.
"""

import contextlib
import datetime as dt
from contextvars import ContextVar

_offset: ContextVar[dt.timedelta] = ContextVar("clock_offset", default=dt.timedelta(0))
_fixed: ContextVar[dt.datetime | None] = ContextVar("clock_fixed", default=None)


def now() -> dt.datetime:
    """Current time in UTC (timezone-aware)."""
    fixed = _fixed.get()
    base = fixed if fixed is not None else dt.datetime.now(dt.UTC)
    return base + _offset.get()


def today() -> dt.date:
    return now().date()


@contextlib.contextmanager
def frozen(at: dt.datetime | dt.date):
    """Freeze the clock at ``at`` (a date means midnight UTC) for the block."""
    if isinstance(at, dt.date) and not isinstance(at, dt.datetime):
        at = dt.datetime.combine(at, dt.time(9, 0), tzinfo=dt.UTC)
    if at.tzinfo is None:
        at = at.replace(tzinfo=dt.UTC)
    token = _fixed.set(at)
    try:
        yield
    finally:
        _fixed.reset(token)


def add_working_days(start: dt.date, days: int) -> dt.date:
    """``start`` plus ``days`` working days (Monday to Friday)."""
    current = start
    remaining = days
    while remaining > 0:
        current += dt.timedelta(days=1)
        if current.weekday() < 5:
            remaining -= 1
    return current
