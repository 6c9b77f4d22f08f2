"""Signals: what is due or overdue for you or your team; acknowledging one."""

from __future__ import annotations

from flask import g

from ..errors import Problem, ValidationFailed
from ..models import Signal
from ..services import signals
from . import schemas as s
from .common import ApiBlueprint, not_found, paginate, require_case_access, valid_id, visible_families

blp = ApiBlueprint("api_signals", __name__, description="Signals (due and overdue items)")


def _visible(worker):
    """Signals about families the worker may see, or ad-hoc ones addressed to the worker."""
    return Signal.select().where(
        Signal.family.in_(visible_families())
        | (Signal.family.is_null() & (Signal.assigned_worker == worker.id)))


def _dump(signal: Signal) -> Signal:
    signal.state = signals.state(signal)
    return signal


@blp.route("/signals", methods=["GET"])
@blp.arguments(s.SignalListArgs, location="query")
@blp.response(200, s.page_of(s.SignalSchema))
def list_signals(args):
    """``scope=mine``: assigned to you; ``scope=team``: your team's (only families you may see)."""
    worker = require_case_access()
    query = _visible(worker).where(Signal.status == args["status"])
    if args["scope"] == "mine":
        query = query.where(Signal.assigned_worker == worker.id)
    elif worker.team_id:
        query = query.where(Signal.team == worker.team_id)
    else:
        query = query.where(Signal.id.is_null())
    return paginate(query, Signal, args, object_type="signal", family_of=lambda x: x.family_id, serialize=_dump)


@blp.route("/signals/<int:signal_id>/acknowledge", methods=["POST"])
@blp.response(200, s.SignalSchema)
def acknowledge(signal_id):
    worker = require_case_access()
    if not valid_id(signal_id):
        raise not_found()
    signal = _visible(worker).where(Signal.id == signal_id).first()
    if signal is None:
        raise not_found()
    if signal.status != "open":
        raise ValidationFailed(Problem(f"this signal is already {signal.status}", "status"))
    signals.acknowledge(signal, g.worker)
    return _dump(signal)
