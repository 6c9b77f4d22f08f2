"""Referrals from a trajectory to a partner, with their lifecycle and consent check."""

from __future__ import annotations

import datetime as dt

from flask_babel import gettext as _

from .. import clock
from ..errors import Problem, ValidationFailed
from ..events import Event, emit, unit_of_work
from ..models import REFERRAL_FLOW, Involvement, Member, Partner, Referral, ReferralMember, Trajectory, Worker
from ..models.referral import REFERRAL_DATE_FIELD
from . import consent as consent_service
from .involvements import add_involvement, end_involvement


def propose(trajectory: Trajectory, partner: Partner, members: list[Member], *, purpose: str = "referral",
            programme: str | None = None, note: str | None = None, worker: Worker | None = None,
            legal_exception: str | None = None, on: dt.date | None = None) -> Referral:
    """Propose a referral. Sharing members' data with the partner needs their consent."""
    problems = []
    if not trajectory.is_open:
        problems.append(Problem(_("the trajectory is closed"), "trajectory"))
    if not partner.active:
        problems.append(Problem(_("partner %(partner)s is not active", partner=partner.name), "partner"))
    if not members:
        problems.append(Problem(_("name at least one member to refer"), "members"))
    if any(m.family_id != trajectory.family_id for m in members):
        problems.append(Problem(_("members must belong to the trajectory's family"), "members"))
    if problems:
        raise ValidationFailed(problems)
    consent_service.check_share(members, purpose=purpose, partner=partner,
                                legal_exception=legal_exception, on=on)
    with unit_of_work():
        referral = Referral.create(trajectory=trajectory, partner=partner, purpose=purpose,
                                   programme=programme, note=note, created_by=worker,
                                   proposed_on=on or clock.today())
        for member in members:
            ReferralMember.create(referral=referral, member=member)
        emit(Event("referral.proposed", family_id=trajectory.family_id, trajectory_id=trajectory.id,
                   data={"referral_id": referral.id, "partner": partner.key}))
    return referral


def advance(referral: Referral, status: str, *, on: dt.date | None = None, outcome: str | None = None,
            expected_version: int | None = None) -> Referral:
    """Move a referral along proposed → accepted → started → ended (or declined / withdrawn)."""
    allowed = REFERRAL_FLOW.get(referral.status, ())
    if status not in allowed:
        raise ValidationFailed(Problem(
            _("a %(status)s referral cannot become %(target)s", status=_(referral.status),
              target=_(status) if status else status)
            + (" " + _("(allowed: %(allowed)s)", allowed=", ".join(_(a) for a in allowed)) if allowed else ""),
            "status"))
    on = on or clock.today()
    with unit_of_work():
        referral.status = status
        setattr(referral, REFERRAL_DATE_FIELD[status], on)
        if outcome is not None:
            referral.outcome = outcome
        if expected_version is not None:
            referral.save_checked(expected_version)
        else:
            referral.save()
        _sync_partner_involvement(referral, on)
        emit(Event(f"referral.{status}", family_id=referral.trajectory.family_id,
                   trajectory_id=referral.trajectory_id, data={"referral_id": referral.id}))
    return referral


def _sync_partner_involvement(referral: Referral, on: dt.date) -> None:
    """While a referral runs, the partner counts as involved with the family."""
    trajectory = referral.trajectory
    existing = Involvement.get_or_none((Involvement.trajectory == trajectory.id)
                                       & (Involvement.partner == referral.partner_id)
                                       & Involvement.ended_on.is_null())
    if referral.status == "started" and existing is None:
        add_involvement(trajectory.family, "partner", partner=referral.partner, trajectory=trajectory,
                        started_on=on, note=f"referral {referral.id}")
    elif referral.status in ("ended", "withdrawn") and existing is not None:
        still_running = Referral.select().where(
            (Referral.trajectory == trajectory.id) & (Referral.partner == referral.partner_id)
            & (Referral.status == "started") & (Referral.id != referral.id)).exists()
        if not still_running:
            end_involvement(existing, on)
