"""Recording a result of a registered instrument."""

from __future__ import annotations

import datetime as dt
import functools

from flask_babel import gettext as _

from .. import clock
from ..errors import Problem, ValidationFailed
from ..events import Event, emit, unit_of_work
from ..models import Assessment, Family, Member, Trajectory, Worker
from ..runtime import registry
from . import signals
from .statements import Statement, param


def record(trajectory: Trajectory, instrument: str, scores: dict, *, member: Member | None = None,
           assessor: Worker | None = None, assessed_on: dt.date | None = None,
           notes: str | None = None) -> Assessment:
    definition = registry().instruments.get(instrument)
    if definition is None:
        raise ValidationFailed(Problem(_("unknown instrument '%(instrument)s'", instrument=instrument), "instrument"))
    if definition.methodologies and trajectory.methodology not in definition.methodologies:
        raise ValidationFailed(Problem(
            _("instrument '%(instrument)s' is not used in %(methodology)s trajectories",
              instrument=instrument, methodology=trajectory.methodology), "instrument"))
    problems = []
    if not isinstance(scores, dict):
        raise ValidationFailed(Problem(_("scores must map item codes to score codes"), "scores"))
    for item, score in scores.items():
        if definition.items and item not in definition.items:
            problems.append(Problem(_("unknown item code '%(item)s'", item=item), f"scores.{item}"))
        else:
            allowed = definition.item_scores.get(item) or definition.allowed_scores
            if allowed and str(score) not in allowed:
                problems.append(Problem(_("score '%(score)s' is not one of %(allowed)s",
                                          score=score, allowed=", ".join(allowed)), f"scores.{item}"))
    if problems:
        raise ValidationFailed(problems)
    outcome = definition.score(scores) if definition.score else None
    with unit_of_work():
        assessment = Assessment.create(
            trajectory=trajectory, member=member, instrument=instrument,
            instrument_version=definition.version, scores={k: str(v) for k, v in scores.items()},
            outcome=outcome, assessor=assessor, assessed_on=assessed_on or clock.today(), notes=notes)
        emit(Event("assessment.recorded", family_id=trajectory.family_id, trajectory_id=trajectory.id,
                   data={"assessment_id": assessment.id, "instrument": instrument, "outcome": outcome}))
        signals.refresh(trajectory)
    return assessment


def latest(trajectory: Trajectory, instrument: str) -> Assessment | None:
    return (Assessment.select().where((Assessment.trajectory == trajectory.id)
                                      & (Assessment.instrument == instrument))
            .order_by(Assessment.assessed_on.desc(), Assessment.id.desc()).first())


def latest_in_family(family: Family, instruments) -> dict[tuple[int, str], Assessment]:
    """What :func:`latest` gives for each of the family's trajectories and these instruments, in one
    query: ``{(trajectory_id, instrument): assessment}``, without the pairs that have none."""
    keys = list(instruments)
    found: dict[tuple[int, str], Assessment] = {}
    if not keys:
        return found
    statement = _IN_FAMILY.get(len(keys))
    if statement is None:
        statement = _IN_FAMILY.setdefault(len(keys), Statement(functools.partial(_in_family_query, len(keys))))
    values = {f"instrument{i}": key for i, key in enumerate(keys)}
    for assessment in statement.execute(family=family.id, **values):
        found.setdefault((assessment.trajectory_id, assessment.instrument), assessment)
    return found


def _in_family_query(instruments: int):
    own = Trajectory.select(Trajectory.id).where(Trajectory.family == param("family"))
    return (Assessment.select()
            .where(Assessment.trajectory.in_(own)
                   & Assessment.instrument.in_([param(f"instrument{i}") for i in range(instruments)]))
            .order_by(Assessment.assessed_on.desc(), Assessment.id.desc()))


_IN_FAMILY: dict[int, Statement] = {}  # one statement per number of instruments asked for
