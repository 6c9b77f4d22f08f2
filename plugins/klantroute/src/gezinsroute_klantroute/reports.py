"""The programme's measures per entry point: professionals per family, speed, light solutions, network use.

Counts are suppressed below the small-cell threshold in aggregate output; averages are
computed from the unsuppressed records.
"""

from __future__ import annotations

from gezinsroute.plugin_api import (
    Involvement,
    Period,
    PhaseChange,
    Report,
    ReportTable,
    Trajectory,
    involvements,
    suppress,
)
from gezinsroute.plugin_api import lazy_gettext as _l
from peewee import fn

from .config import CLOSED_STEP, settings
from .methodology import lighter_steps
from .models import Jim, Question, SupportMatch, SupportRequest

COLUMNS = ["entry_point", "questions", "professionals_now_avg", "professionals_route_avg", "answered",
           "days_to_first_answer_avg", "solved", "days_to_solution_avg", "solved_light", "solved_light_pct",
           "steungezin_families", "jim_families"]


def professionals_over_route(family_id: int) -> int:
    """Distinct professionals (workers and partner organisations) ever involved with the family."""
    total = 0
    for column in (Involvement.worker, Involvement.partner):
        total += (Involvement.select(fn.COUNT(fn.DISTINCT(column)))
                  .where((Involvement.family == family_id) & Involvement.is_professional & column.is_null(False))
                  .scalar() or 0)
    return total


def closed_from_step(trajectory: Trajectory) -> str | None:
    """The step the route was in when it was closed (None while open), from the core's phase history."""
    change = (PhaseChange.select().where((PhaseChange.trajectory == trajectory.id)
                                         & (PhaseChange.to_phase == CLOSED_STEP))
              .order_by(PhaseChange.id.desc()).first())
    return change.from_phase if change else None


def _facts(question: Question, light: set[str]) -> dict:
    trajectory = question.trajectory
    family_id = question.family_id
    closed_from = closed_from_step(trajectory) if trajectory.ended_on else None
    return {
        "entry_point": question.entry_point,
        "now": involvements.professionals_now(family_id),
        "route": professionals_over_route(family_id),
        "first_answer": ((question.first_answer_on - question.received_on).days
                         if question.first_answer_on else None),
        "solution": (trajectory.ended_on - question.received_on).days if trajectory.ended_on else None,
        "light": closed_from in light,
        "steungezin": SupportMatch.select().join(SupportRequest).where(
            (SupportRequest.trajectory == trajectory.id) & SupportMatch.trial_start.is_null(False)).exists(),
        "jim": Jim.select().where(Jim.family == family_id).exists(),
    }


def _avg(values: list) -> float | None:
    values = [v for v in values if v is not None]
    return round(sum(values) / len(values), 1) if values else None


def _row(label: str, facts: list[dict], suppress_small: bool) -> list:
    solved = [f for f in facts if f["solution"] is not None]
    light = sum(f["light"] for f in solved)
    count = lambda n: suppress(n, suppress_small)  # noqa: E731 - a local shorthand
    return [label, count(len(facts)), _avg([f["now"] for f in facts]), _avg([f["route"] for f in facts]),
            count(sum(f["first_answer"] is not None for f in facts)), _avg([f["first_answer"] for f in facts]),
            count(len(solved)), _avg([f["solution"] for f in solved]), count(light),
            round(100 * light / len(solved)) if solved else None,
            count(sum(f["steungezin"] for f in facts)), count(sum(f["jim"] for f in facts))]


def metrics(period: Period, deployment=None, suppress_small: bool = True) -> ReportTable:
    """One row per entry point (questions received in the period) and a total row."""
    config = settings(deployment)
    light = set(lighter_steps(config["maatwerk_step"], deployment))
    questions = (Question.select().join(Trajectory)
                 .where(Question.received_on.between(period.start, period.end)).order_by(Question.id))
    facts = [_facts(q, light) for q in questions]
    rows = []
    for entry_point in config["entry_points"]:
        subset = [f for f in facts if f["entry_point"] == entry_point]
        if subset:
            rows.append(_row(entry_point, subset, suppress_small))
    rows.append(_row("total", facts, suppress_small))
    return ReportTable(columns=list(COLUMNS), rows=rows, title=f"Klantroute {period}", notes=[
        "professionals_now_avg: workers and partner organisations involved today, per family",
        "professionals_route_avg: distinct professionals ever involved, per family",
        "solved_light: routes closed from a step before maatwerk (voorveld, own strength or network)",
        "steungezin_families: routes where a steungezin match started; jim_families: families with a JIM",
    ])


def reports() -> list[Report]:
    return [Report("klantroute.metrics", _l("Klantroute: professionals per family, speed and light solutions"),
                   run=metrics, description=_l("Per entry point: professionals per family now and over the "
                                               "route, days to first answer and to solution, share solved "
                                               "before maatwerk, use of steungezinnen and JIM."))]
