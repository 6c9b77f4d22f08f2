"""Events dispatched to plugins after the transaction that produced them commits."""

from __future__ import annotations

import contextlib
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from .db import database


@dataclass(frozen=True)
class Event:
    name: str
    family_id: int | None = None
    trajectory_id: int | None = None
    data: dict[str, Any] = field(default_factory=dict)


_pending: ContextVar[list | None] = ContextVar("gezinsroute_pending_events", default=None)


def emit(event: Event) -> None:
    """Queue an event; it is dispatched when the outermost :func:`unit_of_work` commits."""
    pending = _pending.get()
    if pending is None:
        _dispatch([event])
    else:
        pending.append(event)


def in_unit_of_work() -> bool:
    """Whether a :func:`unit_of_work` is open in this context."""
    return _pending.get() is not None


@contextlib.contextmanager
def unit_of_work():
    """One write transaction whose events reach plugins only after it commits."""
    outer = _pending.get() is None
    if not outer:
        with database.atomic():
            yield
        return
    events: list[Event] = []
    token = _pending.set(events)
    try:
        with database.atomic():
            yield
    finally:
        _pending.reset(token)
    _dispatch(events)


def _dispatch(events: list[Event]) -> None:
    if not events:
        return
    from . import runtime

    rt = runtime.current(required=False)
    if rt is None:
        return
    for event in events:
        rt.call("on_event", event=event)
