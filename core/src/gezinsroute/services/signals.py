"""Signals: cadence rules turned into stored due dates, ad-hoc signals, escalation.

A cadence signal is recomputed whenever its trajectory changes (``refresh``), so
lists of due and overdue items are indexed queries. ``escalate_due`` moves
unanswered signals one level up their ladder; run it daily (``gezinsroute
signals escalate``); signal screens run it too.
"""

from __future__ import annotations

import datetime as dt

from .. import clock
from ..events import Event, emit, unit_of_work
from ..models import Signal, Trajectory, Worker
from ..models.base import utcnow
from ..registry import CadenceRule
from ..runtime import registry


def _due_date(rule: CadenceRule, trajectory: Trajectory) -> dt.date | None:
    last = rule.last_done(trajectory)
    if rule.once and last is not None:
        return None
    anchor = last or (rule.start(trajectory) if rule.start else trajectory.started_on)
    if anchor is None:
        return None
    if rule.working_days:
        return clock.add_working_days(anchor, rule.every_days)
    return anchor + dt.timedelta(days=rule.every_days)


def _applies(rule: CadenceRule, trajectory: Trajectory) -> bool:
    if not trajectory.is_open or trajectory.methodology not in rule.methodologies:
        return False
    if rule.phases and trajectory.phase not in rule.phases:
        return False
    return rule.applies(trajectory) if rule.applies else True


def refresh(trajectory: Trajectory) -> None:
    """Recompute the stored cadence signals of one trajectory."""
    reg = registry()
    open_signals = {s.rule: s for s in Signal.select().where(
        (Signal.trajectory == trajectory.id) & (Signal.status == "open"))}
    with unit_of_work():
        for rule in reg.cadence_rules.values():
            current = open_signals.get(rule.key)
            due = _due_date(rule, trajectory) if _applies(rule, trajectory) else None
            if due is None:
                if current is not None:
                    _close(current, "done" if _applies(rule, trajectory) else "cancelled")
                continue
            warn = due - dt.timedelta(days=rule.warn_days)
            ladder = reg.ladders[rule.ladder]
            escalate_on = due + dt.timedelta(days=ladder.steps[0][1])
            if current is None:
                Signal.create(family=trajectory.family_id, trajectory=trajectory.id, rule=rule.key,
                              title=str(rule.label), priority=rule.priority, due_on=due, warn_on=warn,
                              assigned_worker=trajectory.responsible_id, team=trajectory.team_id,
                              target_role=ladder.steps[0][0], ladder=rule.ladder,
                              escalate_on=escalate_on)
            elif current.due_on != due or current.assigned_worker_id != trajectory.responsible_id:
                current.due_on, current.warn_on = due, warn
                current.assigned_worker = trajectory.responsible_id
                current.team = trajectory.team_id
                current.escalation_level, current.target_role = 0, ladder.steps[0][0]
                current.escalate_on = escalate_on
                current.save()


def raise_signal(*, rule: str, title: str, trajectory: Trajectory | None = None, family_id: int | None = None,
                 due_on: dt.date | None = None, priority: str = "normal", detail: str | None = None,
                 requires_ack: bool = False, ladder: str | None = None, source: str | None = None,
                 assigned_worker: Worker | int | None = None) -> Signal:
    """Raise an ad-hoc signal (e.g. an urgent assessment outcome, a volunteer's safety concern)."""
    reg = registry()
    due_on = due_on or clock.today()
    steps = reg.ladders[ladder].steps if ladder else None
    if trajectory is not None:
        family_id = trajectory.family_id
        assigned_worker = assigned_worker if assigned_worker is not None else trajectory.responsible_id
    with unit_of_work():
        signal = Signal.create(
            family=family_id, trajectory=trajectory.id if trajectory else None, rule=rule, title=title,
            detail=detail, priority=priority, due_on=due_on, warn_on=due_on, requires_ack=requires_ack,
            assigned_worker=assigned_worker, team=trajectory.team_id if trajectory else None,
            ladder=ladder, target_role=steps[0][0] if steps else "worker",
            escalate_on=due_on + dt.timedelta(days=steps[0][1]) if steps else None, source=source)
        emit(Event("signal.raised", family_id=family_id,
                   trajectory_id=signal.trajectory_id, data={"signal_id": signal.id, "rule": rule}))
    return signal


def acknowledge(signal: Signal, worker: Worker) -> Signal:
    signal.acknowledged_by = worker
    signal.acknowledged_at = utcnow()
    _close(signal, "done")
    return signal


def resolve(signal: Signal) -> Signal:
    _close(signal, "done")
    return signal


def _close(signal: Signal, status: str) -> None:
    signal.status = status
    signal.resolved_at = utcnow()
    signal.escalate_on = None
    signal.save()


def escalate_due(today: dt.date | None = None) -> int:
    """Move every open signal whose response deadline passed one level up its ladder."""
    today = today or clock.today()
    ladders = registry().ladders
    moved = 0
    due = list(Signal.select().where((Signal.status == "open") & Signal.escalate_on.is_null(False)
                                     & (Signal.escalate_on < today)))
    for signal in due:
        with unit_of_work():
            _escalate_once(signal, ladders, today)
            moved += 1
    return moved


def _escalate_once(signal: Signal, ladders, today: dt.date) -> None:
    ladder = ladders.get(signal.ladder or "default")
    steps = ladder.steps if ladder else (("worker", 0),)
    # Climb as many levels as the deadlines that already passed (a job that ran late).
    while signal.escalate_on is not None and signal.escalate_on < today:
        if signal.escalation_level + 1 >= len(steps):
            signal.escalate_on = None
            break
        signal.escalation_level += 1
        role, days = steps[signal.escalation_level]
        signal.target_role = role
        next_deadline = signal.escalate_on + dt.timedelta(days=max(days, 1))
        last = signal.escalation_level + 1 >= len(steps)
        signal.escalate_on = None if last else next_deadline
    signal.save()
    emit(Event("signal.escalated", family_id=signal.family_id, trajectory_id=signal.trajectory_id,
               data={"signal_id": signal.id, "level": signal.escalation_level,
                     "role": signal.target_role}))


def state(signal: Signal, today: dt.date | None = None) -> str:
    """``upcoming``, ``due`` or ``overdue`` (or the closed status)."""
    today = today or clock.today()
    if signal.status != "open":
        return signal.status
    if signal.due_on < today:
        return "overdue"
    if signal.warn_on is None or signal.warn_on <= today:
        return "due"
    return "upcoming"
