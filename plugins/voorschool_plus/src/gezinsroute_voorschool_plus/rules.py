"""The rules of the care line, shared by the services (checked before writing) and the hooks
(checked again inside every transition, so a move made elsewhere obeys them too)."""

from __future__ import annotations

import datetime as dt

from flask_babel import gettext as _
from gezinsroute.plugin_api import Problem, clock, consent

from .methodology import (
    AFGESLOTEN,
    DESTINATIONS,
    GROUP_KIND_FOR_PHASE,
    GROUP_KINDS,
    HANDOVER_PARTNER_KINDS,
    SLUG,
    SOURCES,
    ZORGPLAN,
)
from .models import CareLine, Handover


def enrolment_problems(child, group, source: str, on: dt.date, min_age: int) -> list[Problem]:
    """Why a child cannot enter the care line (empty when it can)."""
    problems = []
    if child.role != "child":
        problems.append(Problem(_("only a child can be enrolled in the care line"), "child"))
    elif child.birth_date is None:
        problems.append(Problem(_("record the child's birth date first: the care line starts at age %(age)s",
                                  age=min_age), "child"))
    elif child.age_on(on) < min_age:
        problems.append(Problem(_("%(name)s is %(age)s on %(date)s; children enter the peuterwerk from age "
                                  "%(min)s", name=child.given_name, age=child.age_on(on), date=on.isoformat(),
                                  min=min_age), "child"))
    if group is None or group.kind != GROUP_KIND_FOR_PHASE["peuterwerk"]:
        problems.append(Problem(_("a child enters the care line in a peuterwerk group"), "group"))
    elif not group.active:
        problems.append(Problem(_("this group is no longer active"), "group"))
    if source not in SOURCES:
        problems.append(Problem(_("choose where the child comes from"), "source"))
    return problems


def handover_problems(child, to_phase, partner, group, school_start_on, handed_over_on, summary) -> list[Problem]:
    """A move needs a handover to the receiving partner, with the parents' consent, done before school starts."""
    problems = []
    kinds = HANDOVER_PARTNER_KINDS.get(to_phase, ())
    if partner is None:
        problems.append(Problem(_("choose the school or BSO that receives the handover"), "to_partner"))
    elif partner.kind not in kinds:
        problems.append(Problem(_("%(partner)s cannot receive this handover; choose a partner of kind %(kinds)s",
                                  partner=partner.name, kinds=", ".join(kinds)), "to_partner"))
    wanted = GROUP_KIND_FOR_PHASE.get(to_phase)
    if group is None or group.kind != wanted:
        problems.append(Problem(_("choose the group the child moves to (a %(kind)s)",
                                  kind=GROUP_KINDS.get(wanted, wanted)), "to_group"))
    if not (summary or "").strip():
        problems.append(Problem(_("write what the handover contains"), "summary"))
    if school_start_on is None or handed_over_on is None:
        problems.append(Problem(_("enter the school start date and the handover date"), "school_start_on"))
        return problems
    if handed_over_on > clock.today():
        problems.append(Problem(_("a handover is recorded once it has been done"), "handed_over_on"))
    if handed_over_on > school_start_on:
        problems.append(Problem(_("the handover was done on %(done)s, after the school start date %(start)s; "
                                  "the handover is due before the child starts", done=handed_over_on.isoformat(),
                                  start=school_start_on.isoformat()), "handed_over_on"))
    if partner is not None and partner.kind in kinds:
        decision = consent.may_share(child, purpose="handover", partner=partner, on=handed_over_on)
        if not decision:
            problems.append(Problem(_("the parents have not consented to the handover to %(partner)s (%(reason)s)",
                                      partner=partner.name, reason=decision.reason), "consent"))
    return problems


def lead_worker_warning(group, trajectory) -> list[Problem]:
    """The worker who leads the group is the child's family worker too; differing is allowed but flagged."""
    if group is not None and group.lead_worker_id and group.lead_worker_id != trajectory.responsible_id:
        return [Problem(_("%(group)s is led by %(lead)s, who is not the responsible worker of this child; in "
                          "(voor)school Plus the group worker also visits the family at home",
                          group=group.name, lead=group.lead_worker.full_name), "responsible", "warning")]
    return []


def transition_problems(trajectory, to_phase) -> list[Problem]:
    care_line = CareLine.get_or_none(CareLine.trajectory == trajectory.id)
    if care_line is None:
        return [Problem(_("enrol the child through the (voor)school Plus screen first"), "trajectory")]
    if to_phase == AFGESLOTEN:
        if care_line.destination not in DESTINATIONS:
            return [Problem(_("record where the child goes next before closing the care line"), "destination")]
        return []
    handover = (Handover.select().where((Handover.trajectory == trajectory.id) & (Handover.to_phase == to_phase))
                .order_by(Handover.id.desc()).first())
    if handover is None:
        return [Problem(_("a move along the care line needs a handover (overdracht) to the receiving school"),
                        "handover")]
    problems = handover_problems(care_line.child, to_phase, handover.to_partner, handover.to_group,
                                 handover.school_start_on, handover.handed_over_on, handover.summary)
    return problems + lead_worker_warning(handover.to_group, trajectory)


def validate_transition(trajectory, to_phase) -> list[Problem]:
    if trajectory.methodology != SLUG:
        return []
    return transition_problems(trajectory, to_phase)


def validate_plan(plan) -> list[Problem]:
    if plan.kind != ZORGPLAN:
        return []
    if not plan.goals.exists():
        return [Problem(_("a zorgplan needs at least one goal for the child"), "goals")]
    return []
