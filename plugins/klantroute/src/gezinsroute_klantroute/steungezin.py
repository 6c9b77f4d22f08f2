"""Buurtgezinnen-style matching of a steungezin with a vraaggezin (domain 2.7.1, rules R24/R25).

Order: intake -> steungezin with VOG -> at least two coordinator visits (one per family) ->
introduction where both say go -> trial -> written agreement -> active, evaluated every six months.
"""

from __future__ import annotations

import datetime as dt

from flask_babel import gettext as _
from gezinsroute.plugin_api import (
    Problem,
    Trajectory,
    ValidationFailed,
    Worker,
    clock,
    involvements,
    signals,
    unit_of_work,
)
from peewee import fn

from .config import settings
from .methodology import STEUNGEZIN_ROLE
from .models import CoordinatorVisit, MatchEvaluation, SupportFamily, SupportMatch, SupportRequest

VISITED = ("asking", "support")


def intake(trajectory: Trajectory, *, support_needed: str, what_matters: str, expectations: str, can_offer: str,
           availability: str | None = None, on: dt.date | None = None) -> SupportRequest:
    """Record the vraaggezin's intake: the four Buurtgezinnen questions, all required."""
    answers = {"support_needed": support_needed, "what_matters": what_matters, "expectations": expectations,
               "can_offer": can_offer}
    problems = [Problem(_("answer this intake question"), key) for key, value in answers.items()
                if not (value or "").strip()]
    if problems:
        raise ValidationFailed(problems)
    return SupportRequest.create(trajectory=trajectory, family=trajectory.family_id,
                                 availability=(availability or "").strip() or None,
                                 intake_on=on or clock.today(), **{k: v.strip() for k, v in answers.items()})


def register_support_family(*, name: str, area=None, household: str | None = None, competences: str | None = None,
                            availability: str | None = None, vog_on: dt.date | None = None,
                            on: dt.date | None = None) -> SupportFamily:
    if not (name or "").strip():
        raise ValidationFailed(Problem(_("a steungezin needs a name"), "name"))
    if vog_on and vog_on > clock.today():
        raise ValidationFailed(Problem(_("the VOG date cannot lie in the future"), "vog_on"))
    return SupportFamily.create(name=name.strip(), area=area, household=household, competences=competences,
                                availability=availability, vog_on=vog_on, registered_on=on or clock.today())


def propose(request: SupportRequest, support_family: SupportFamily, *, on: dt.date | None = None) -> SupportMatch:
    if not support_family.active:
        raise ValidationFailed(Problem(_("this steungezin is not active"), "support_family"))
    return SupportMatch.create(request=request, support_family=support_family, proposed_on=on or clock.today())


def record_visit(match: SupportMatch, *, visited: str, coordinator: Worker | None = None,
                 on: dt.date | None = None, notes: str | None = None) -> CoordinatorVisit:
    """One separate coordinator visit to one family, to check expectations before the introduction."""
    if visited not in VISITED:
        raise ValidationFailed(Problem(_("a visit is to the asking family or to the steungezin"), "visited"))
    _require_status(match, ("proposed",))
    return CoordinatorVisit.create(match=match, visited=visited, coordinator=coordinator,
                                   visited_on=on or clock.today(), notes=notes)


def introduction_problems(match: SupportMatch) -> list[Problem]:
    """Why an introduction may not happen yet: VOG missing, or fewer than two separate visits."""
    problems = []
    if match.support_family.vog_on is None:
        problems.append(Problem(_("the steungezin has no VOG date yet; a VOG is required before an introduction"),
                                "vog_on"))
    counts = dict(CoordinatorVisit.select(CoordinatorVisit.visited, fn.COUNT(CoordinatorVisit.id))
                  .where(CoordinatorVisit.match == match.id).group_by(CoordinatorVisit.visited).tuples())
    if sum(counts.values()) < 2 or not all(counts.get(v) for v in VISITED):
        problems.append(Problem(_("the coordinator first visits each family separately (at least two visits: "
                                  "one to the asking family and one to the steungezin)"), "visits"))
    return problems


def record_introduction(match: SupportMatch, *, asking_family_go: bool, support_family_go: bool,
                        on: dt.date | None = None) -> SupportMatch:
    """Both families say go or no-go; only go + go starts the trial."""
    _require_status(match, ("proposed",))
    problems = introduction_problems(match)
    if problems:
        raise ValidationFailed(problems)
    on = on or clock.today()
    match.introduction_on = on
    match.asking_family_go, match.support_family_go = bool(asking_family_go), bool(support_family_go)
    if match.asking_family_go and match.support_family_go:
        match.status = "trial"
        match.trial_start = on
        match.trial_end = on + dt.timedelta(weeks=settings()["trial_weeks"])
    else:
        match.status = "declined"
        match.ended_on = on
        match.end_reason = "no-go at the introduction"
    match.save()
    return match


def record_agreement(match: SupportMatch, *, frequency: str, activities: str, house_rules_accepted: bool,
                     on: dt.date | None = None) -> SupportMatch:
    """The written agreement (with the house rules) makes the match active (R24)."""
    _require_status(match, ("trial",))
    problems = []
    if not (frequency or "").strip():
        problems.append(Problem(_("the agreement states how often the families meet"), "frequency"))
    if not (activities or "").strip():
        problems.append(Problem(_("the agreement states what the families do together"), "activities"))
    if not house_rules_accepted:
        problems.append(Problem(_("both families accept the Buurtgezinnen house rules"), "house_rules_accepted"))
    if problems:
        raise ValidationFailed(problems)
    on = on or clock.today()
    trajectory = match.request.trajectory
    with unit_of_work():
        match.agreement_on = on
        match.agreement_frequency, match.agreement_activities = frequency.strip(), activities.strip()
        match.house_rules_accepted = True
        match.involvement = involvements.add_involvement(
            trajectory.family, STEUNGEZIN_ROLE, person_name=match.support_family.name, trajectory=trajectory,
            started_on=on)
        match.status = "active"
        match.save()
        signals.refresh(trajectory)
    return match


def evaluate(match: SupportMatch, *, asking_family_satisfied: bool, support_family_satisfied: bool,
             continue_match: bool, on: dt.date | None = None, notes: str | None = None) -> MatchEvaluation:
    """The half-year check with both families; stopping ends the match."""
    _require_status(match, ("active",))
    on = on or clock.today()
    with unit_of_work():
        evaluation = MatchEvaluation.create(match=match, held_on=on, notes=notes,
                                            asking_family_satisfied=bool(asking_family_satisfied),
                                            support_family_satisfied=bool(support_family_satisfied),
                                            continue_match=bool(continue_match))
        if not continue_match:
            end(match, reason="stopped at the evaluation", on=on)
        signals.refresh(match.request.trajectory)
    return evaluation


def end(match: SupportMatch, *, reason: str, on: dt.date | None = None) -> SupportMatch:
    on = on or clock.today()
    with unit_of_work():
        match.status, match.ended_on, match.end_reason = "ended", on, reason
        match.save()
        if match.involvement_id:
            involvements.end_involvement(match.involvement, on)
        signals.refresh(match.request.trajectory)
    return match


def _active_matches(trajectory):
    return (SupportMatch.select().join(SupportRequest)
            .where((SupportRequest.trajectory == trajectory.id) & (SupportMatch.status == "active")))


def has_active_match(trajectory) -> bool:
    return _active_matches(trajectory).exists()


def active_since(trajectory) -> dt.date:
    """The half-year clock starts at the written agreement."""
    first = _active_matches(trajectory).order_by(SupportMatch.agreement_on).first()
    return first.agreement_on if first else trajectory.started_on


def last_evaluation_on(trajectory) -> dt.date | None:
    return (MatchEvaluation.select(fn.MAX(MatchEvaluation.held_on)).join(SupportMatch).join(SupportRequest)
            .where((SupportRequest.trajectory == trajectory.id) & (SupportMatch.status == "active")).scalar())


def matches_for(trajectory) -> list[SupportMatch]:
    return list(SupportMatch.select().join(SupportRequest).where(SupportRequest.trajectory == trajectory.id)
                .order_by(SupportMatch.id))


def requests_for(trajectory) -> list[SupportRequest]:
    return list(SupportRequest.select().where(SupportRequest.trajectory == trajectory.id).order_by(SupportRequest.id))


def _require_status(match: SupportMatch, allowed: tuple[str, ...]) -> None:
    if match.status not in allowed:
        needed = (" " + _("or") + " ").join(allowed)
        raise ValidationFailed(Problem(_("this match is '%(status)s'; this step needs %(allowed)s",
                                         status=match.status, allowed=needed), "status"))
