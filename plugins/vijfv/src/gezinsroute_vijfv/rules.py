"""Phase gates of 5V: what must be on record before a trajectory may move on."""

from __future__ import annotations

from flask_babel import gettext as _
from gezinsroute.plugin_api import Problem, assessments

from .methodology import CONCLUSIONS, GIZ_KEY, KEY, VINDPLAATSEN
from .models import Evaluation


def transition_problems(trajectory, from_phase: str, to_phase: str) -> list[Problem]:
    """Refusals for one requested move; an empty list lets the core go ahead."""
    if trajectory.methodology != KEY:
        return []
    problems = []
    if from_phase == "vinden" and to_phase != "voltooien" and trajectory.source not in VINDPLAATSEN:
        problems.append(Problem(_("Record where the family was found (vindplaats) before moving on."), "source"))
    if to_phase == "verbinden" and joint_conclusion(trajectory) is None:
        problems.append(Problem(_("Record the GIZ joint conclusion before connecting the family "
                                  "to programmes or partners."), "giz"))
    if to_phase == "voltooien" and evaluation_of(trajectory) is None:
        problems.append(Problem(_("Record the evaluation (results, impact and end reason) before "
                                  "completing the trajectory."), "evaluation"))
    return problems


def joint_conclusion(trajectory) -> str | None:
    """The conclusion of the latest GIZ on this trajectory, if one was agreed."""
    latest = assessments.latest(trajectory, GIZ_KEY)
    return latest.outcome if latest is not None and latest.outcome in CONCLUSIONS else None


def evaluation_of(trajectory) -> Evaluation | None:
    return Evaluation.get_or_none(Evaluation.trajectory == trajectory.id)
