"""Transition rules of the klantroute: the maatwerk gate."""

from __future__ import annotations

from flask_babel import gettext as _
from gezinsroute.plugin_api import Problem

from .config import settings
from .methodology import METHODOLOGY, lighter_steps, step_label
from .models import StepExploration


def maatwerk_gate_problems(trajectory, to_phase) -> list[Problem]:
    """Maatwerk only after every lighter step was explored and the reason it was not enough recorded.

    This is the heart of programmalijn 5: the voorveld, own strength and own network come first.
    """
    config = settings()
    if trajectory.methodology != METHODOLOGY or not config["maatwerk_gate"]:
        return []
    if to_phase != config["maatwerk_step"]:
        return []
    done = {row.step for row in StepExploration.select(StepExploration.step).where(
        (StepExploration.trajectory == trajectory.id) & StepExploration.reason_not_enough.is_null(False)
        & (StepExploration.reason_not_enough != ""))}
    missing = [step for step in lighter_steps(to_phase) if step not in done]
    if not missing:
        return []
    names = ", ".join(str(step_label(s)) for s in missing)
    return [Problem(_("maatwerk is refused: first explore the lighter steps and record why they are not enough "
                      "(missing: %(steps)s)", steps=names), "to_phase")]
