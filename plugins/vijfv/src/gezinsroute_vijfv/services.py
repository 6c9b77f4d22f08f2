"""Write paths of 5V: vindplaats, GIZ, connecting, pairings, progress and the evaluation.

They validate first and write inside one unit of work, so a refusal changes nothing.
Referrals, assessments, contacts and signals go through the core services.
"""

from __future__ import annotations

import datetime as dt

from flask_babel import gettext as _
from gezinsroute.plugin_api import (
    Member,
    Partner,
    Problem,
    Referral,
    Trajectory,
    ValidationFailed,
    assessments,
    clock,
    referrals,
    signals,
    unit_of_work,
)

from . import config
from .methodology import (
    CAF_SIDES,
    CONCLUSIONS,
    FACTOR_ITEMS,
    FACTOR_VALUES,
    GIZ_KEY,
    GIZ_VARIANTS,
    KEY,
    RESULTS,
    SATISFACTION,
    TRENDS,
    VINDPLAATSEN,
)
from .models import Evaluation, Pairing, Progress

CONNECT_PHASES = ("verbinden", "volgen")
CBS_CODES = ("01", "02", "03", "04", "05")


def _require_open_vijfv(trajectory: Trajectory) -> None:
    if trajectory.methodology != KEY:
        raise ValidationFailed(Problem(_("This is not a 5V trajectory."), "trajectory"))
    if not trajectory.is_open:
        raise ValidationFailed(Problem(_("This trajectory is closed; a family that comes back gets a new one."),
                                       "trajectory"))


def record_vindplaats(trajectory: Trajectory, source: str, *, note: str | None = None,
                      referrer_partner: Partner | None = None) -> Trajectory:
    """Store where the family was found in ``Trajectory.source`` (and the referring partner)."""
    _require_open_vijfv(trajectory)
    if source not in VINDPLAATSEN:
        raise ValidationFailed(Problem(_("Choose one of the listed vindplaatsen."), "source"))
    with unit_of_work():
        fresh = Trajectory.get_by_id(trajectory.id)
        fresh.source = source
        if referrer_partner is not None:
            fresh.referrer_partner = referrer_partner
        if note:
            fresh.referrer_note = note
        fresh.save_checked(fresh.lock_version)
    trajectory.__data__.update(fresh.__data__)
    return trajectory


def record_giz(trajectory: Trajectory, *, variant: str, factors: dict[str, str], conclusion: str | None,
               assessor=None, assessed_on: dt.date | None = None, notes: str | None = None):
    """Record a GIZ conversation as a core assessment; an urgent conclusion raises a signal (on_event)."""
    _require_open_vijfv(trajectory)
    problems = []
    if variant not in GIZ_VARIANTS:
        problems.append(Problem(_("Choose the GIZ variant."), "variant"))
    for item, value in factors.items():
        if item not in FACTOR_ITEMS:
            problems.append(Problem(_("Unknown CAF factor %(item)s.", item=item), item))
        elif value not in FACTOR_VALUES:
            problems.append(Problem(_("A factor is a strength, a concern or neutral."), item))
    if conclusion is not None and conclusion not in CONCLUSIONS:
        problems.append(Problem(_("Choose one of the joint conclusions."), "conclusion"))
    if problems:
        raise ValidationFailed(problems)
    scores = {"variant": variant, **{k: v for k, v in factors.items() if v}}
    if conclusion:
        scores["conclusion"] = conclusion
    return assessments.record(trajectory, GIZ_KEY, scores, assessor=assessor, assessed_on=assessed_on,
                              notes=notes)


def raise_urgent_signal(trajectory: Trajectory, assessment_id: int):
    """Urgent support needs a same-day, acknowledged follow-up (safety check / meldcode)."""
    return signals.raise_signal(
        rule="vijfv.giz_urgent", title=_("GIZ: urgent support needed - check safety (meldcode)"),
        trajectory=trajectory, priority="high", requires_ack=True, ladder="default",
        detail=f"assessment {assessment_id}", source="vijfv.giz")


def giz_factors(assessment) -> dict[str, dict[str, str]]:
    """The scores of a GIZ grouped by CAF side, for display."""
    grouped = {side: {} for side in CAF_SIDES}
    for item, value in (assessment.scores or {}).items():
        side, _sep, factor = item.partition(".")
        if side in grouped:
            grouped[side][factor] = value
    return grouped


def _programme_partner(programme: dict, partner: Partner | None) -> Partner:
    if partner is not None:
        return partner
    key = programme.get("partner") or config.settings()["programme_partner"]
    found = Partner.get_or_none(Partner.key == key) if key else None
    if found is None:
        raise ValidationFailed(Problem(_("No partner is configured for programme %(name)s; choose one.",
                                         name=programme["name"]), "partner"))
    return found


def _check_members(trajectory: Trajectory, members: list[Member]) -> None:
    if not members:
        raise ValidationFailed(Problem(_("Choose at least one family member."), "members"))
    if any(m.family_id != trajectory.family_id for m in members):
        raise ValidationFailed(Problem(_("Members must belong to this family."), "members"))


def connect(trajectory: Trajectory, members: list[Member], *, programmes: list[str] = (),
            partners: list[Partner] = (), programme_partner: Partner | None = None,
            volunteer_name: str | None = None, note: str | None = None, worker=None,
            on: dt.date | None = None) -> list[Referral]:
    """Connect members to several programmes and neighbourhood partners at once.

    Each becomes its own core referral with its own lifecycle; the core checks consent.
    All or nothing: one refusal (e.g. missing consent) writes none of them.
    """
    _require_open_vijfv(trajectory)
    if trajectory.phase not in CONNECT_PHASES:
        raise ValidationFailed(Problem(_("Connect a family in the Verbinden or Volgen step."), "phase"))
    _check_members(trajectory, members)
    known = config.programmes()
    unknown = [p for p in programmes if p not in known]
    if unknown:
        raise ValidationFailed(Problem(_("Unknown programme: %(keys)s", keys=", ".join(unknown)), "programmes"))
    if not programmes and not partners:
        raise ValidationFailed(Problem(_("Choose a programme or a partner."), "programmes"))
    made = []
    with unit_of_work():
        for key in programmes:
            programme = known[key]
            target = _programme_partner(programme, programme_partner)
            referral = referrals.propose(trajectory, target, members, programme=key, note=note, worker=worker,
                                         on=on)
            made.append(referral)
            if programme["pairs_volunteer"] and volunteer_name:
                for child in (m for m in members if m.role == "child"):
                    record_pairing(referral, child, volunteer_name, started_on=on)
        for partner in partners:
            made.append(referrals.propose(trajectory, partner, members, note=note, worker=worker, on=on))
    return made


def record_pairing(referral: Referral, child: Member, volunteer_name: str, *,
                   started_on: dt.date | None = None) -> Pairing:
    """Pair a volunteer with a child in a programme that works with volunteers."""
    programme = config.programmes().get(referral.programme or "")
    problems = []
    if programme is None or not programme["pairs_volunteer"]:
        problems.append(Problem(_("This referral is not to a programme that pairs volunteers."), "referral"))
    if child.role != "child":
        problems.append(Problem(_("A volunteer is paired with a child."), "child"))
    elif not referral.member_rows.where(referral.member_rows.model.member == child.id).exists():
        problems.append(Problem(_("The child is not part of this referral."), "child"))
    if not (volunteer_name or "").strip():
        problems.append(Problem(_("Name the volunteer."), "volunteer_name"))
    if referral.status in ("ended", "declined", "withdrawn"):
        problems.append(Problem(_("The referral has ended."), "referral"))
    if problems:
        raise ValidationFailed(problems)
    return Pairing.create(referral=referral, trajectory=referral.trajectory_id, child=child,
                          volunteer_name=volunteer_name.strip(), started_on=started_on or clock.today())


def end_pairing(pairing: Pairing, *, on: dt.date | None = None) -> Pairing:
    on = on or clock.today()
    if pairing.ended_on is not None:
        raise ValidationFailed(Problem(_("This pairing has already ended."), "ended_on"))
    if on < pairing.started_on:
        raise ValidationFailed(Problem(_("A pairing cannot end before it started."), "ended_on"))
    pairing.ended_on = on
    pairing.save()
    return pairing


def record_progress(trajectory: Trajectory, *, trend: str, summary: str, member: Member | None = None,
                    programme: str | None = None, worker=None, on: dt.date | None = None) -> Progress:
    """A progress record per child (``member``) or for the family; keeps the progress cadence current."""
    _require_open_vijfv(trajectory)
    problems = []
    if trend not in TRENDS:
        problems.append(Problem(_("Choose how things are going."), "trend"))
    if not (summary or "").strip():
        problems.append(Problem(_("Describe the progress."), "summary"))
    if member is not None and member.family_id != trajectory.family_id:
        problems.append(Problem(_("Members must belong to this family."), "member"))
    if programme and programme not in config.programmes():
        problems.append(Problem(_("Unknown programme: %(keys)s", keys=programme), "programme"))
    on = on or clock.today()
    if on > clock.today():
        problems.append(Problem(_("Progress is recorded after it happened."), "recorded_on"))
    if problems:
        raise ValidationFailed(problems)
    with unit_of_work():
        row = Progress.create(trajectory=trajectory, member=member, programme=programme or None, trend=trend,
                              summary=summary.strip(), recorded_on=on, worker=worker)
        signals.refresh(trajectory)
    return row


def record_evaluation(trajectory: Trajectory, *, results: dict[str, str], impact: str, end_reason_cbs: str,
                      satisfaction: str | None = None, onward_partner: Partner | None = None,
                      onward_members: list[Member] = (), worker=None, on: dt.date | None = None) -> Evaluation:
    """The evaluation that completes 5V; optionally refers the family on (a core referral)."""
    _require_open_vijfv(trajectory)
    problems = []
    bad = [k for k, v in results.items() if v not in RESULTS]
    if bad:
        problems.append(Problem(_("Choose a result for every programme or goal."), "results"))
    if not (impact or "").strip():
        problems.append(Problem(_("Describe the impact in words."), "impact"))
    if end_reason_cbs not in CBS_CODES:
        problems.append(Problem(_("Choose the end reason (CBS 01-05)."), "end_reason_cbs"))
    if satisfaction and satisfaction not in SATISFACTION:
        problems.append(Problem(_("Choose how satisfied the family is."), "satisfaction"))
    if Evaluation.select().where(Evaluation.trajectory == trajectory.id).exists():
        problems.append(Problem(_("This trajectory already has an evaluation."), "evaluation"))
    if problems:
        raise ValidationFailed(problems)
    with unit_of_work():
        onward = None
        if onward_partner is not None:
            _check_members(trajectory, list(onward_members))
            onward = referrals.propose(trajectory, onward_partner, list(onward_members), worker=worker,
                                       note=_("Onward referral after 5V"), on=on)
        return Evaluation.create(trajectory=trajectory, evaluated_on=on or clock.today(), results=dict(results),
                                 impact=impact.strip(), satisfaction=satisfaction or None,
                                 end_reason_cbs=end_reason_cbs, onward_referral=onward, worker=worker)
