"""Events dispatched to plugins after the transaction that produced them commits."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from .db import database, read_only_transaction


@dataclass(frozen=True)
class Event:
    name: str
    family_id: int | None = None
    trajectory_id: int | None = None
    data: dict[str, Any] = field(default_factory=dict)


@dataclass
class _Unit:
    events: list[Event] = field(default_factory=list)
    read_only: bool = False
    after_reads: list[Callable[[], Any]] = field(default_factory=list)


_unit: ContextVar[_Unit | None] = ContextVar("gezinsroute_unit_of_work", default=None)


def emit(event: Event) -> None:
    """Queue an event; it is dispatched when the outermost :func:`unit_of_work` commits."""
    unit = _unit.get()
    if unit is None:
        _dispatch([event])
    else:
        unit.events.append(event)


def in_unit_of_work() -> bool:
    """Whether a :func:`unit_of_work` is open in this context."""
    return _unit.get() is not None


def write_after_reads(write: Callable[[], Any]) -> bool:
    """Run ``write`` now or, inside a read-only unit of work, in the short write transaction that
    closes it. For the bookkeeping a read causes (its audit entry, a session's last-seen time).
    Returns whether it was deferred."""
    unit = _unit.get()
    if unit is not None and unit.read_only:
        unit.after_reads.append(write)
        return True
    write()
    return False


@contextlib.contextmanager
def unit_of_work(read_only: bool = False):
    """One transaction whose events reach plugins only after it commits.

    ``read_only`` is for safe requests (GET, HEAD): the reads run in a transaction that may not
    write (:class:`~gezinsroute.db.ReadOnlyViolation`), and what :func:`write_after_reads` queued
    is written afterwards in one short write transaction, before the response leaves. On SQLite,
    with one writer at a time, a read then holds the write lock for about a millisecond instead
    of the whole request, so reads run side by side. A failure of that write fails the request,
    so no read goes unaudited.
    """
    if _unit.get() is not None:
        with database.atomic():
            yield
        return
    unit = _Unit(read_only=read_only)
    token = _unit.set(unit)
    try:
        if read_only:
            with read_only_transaction(database):
                yield
            unit.read_only = False
            if unit.after_reads:
                with database.atomic():
                    for write in unit.after_reads:
                        write()
        else:
            with database.atomic():
                yield
    finally:
        _unit.reset(token)
    _dispatch(unit.events)
def _dispatch(events: list[Event]) -> None:
    if not events:
        return
    from . import runtime

    rt = runtime.current(required=False)
    if rt is None:
        return
    for event in events:
        rt.call("on_event", event=event)
