"""JIM: the young person's self-chosen mentor (domain 2.7.2, rules R26/R27).

The JIM is an informal involvement with no trajectory, so closing the professional
route never ends it: "professionals change, the JIM stays".
"""

from __future__ import annotations

import datetime as dt

from flask_babel import gettext as _
from gezinsroute.plugin_api import (
    Member,
    Problem,
    Trajectory,
    ValidationFailed,
    clock,
    involvements,
    signals,
    unit_of_work,
)
from peewee import fn

from .methodology import JIM_ROLE
from .models import Jim, JimEvaluation

PARENT_RELATIONS = ("parent", "ouder", "vader", "moeder", "father", "mother")


def jim_problems(trajectory: Trajectory, *, youth: Member, name: str, relation: str, chosen_by: Member,
                 birth_date: dt.date | None, parental_agreement_by: Member | None,
                 parental_agreement_on: dt.date | None, jim_consent_on: dt.date | None) -> list[Problem]:
    """Hard stops (not chosen by the youth, a parent, no parental agreement, no consent) and the age warning."""
    problems = []
    family_id = trajectory.family_id
    if youth.family_id != family_id or youth.role != "child":
        problems.append(Problem(_("the JIM is for a young person of this family"), "youth"))
    if chosen_by.id != youth.id:
        problems.append(Problem(_("the young person chooses the JIM themselves (chosen by must be the youth)"),
                                "chosen_by"))
    if not (name or "").strip():
        problems.append(Problem(_("the JIM needs a name"), "name"))
    if (relation or "").strip().lower() in PARENT_RELATIONS or _is_parent_of_family(name, family_id):
        problems.append(Problem(_("a parent cannot be the JIM; the JIM helps parents back into their own role"),
                                "relation"))
    if parental_agreement_by is None or parental_agreement_on is None:
        problems.append(Problem(_("record which parent agreed, and when (parental agreement is needed)"),
                                "parental_agreement"))
    elif parental_agreement_by.family_id != family_id or parental_agreement_by.role not in ("parent", "carer"):
        problems.append(Problem(_("the agreement must come from a parent or carer of this family"),
                                "parental_agreement"))
    if jim_consent_on is None:
        problems.append(Problem(_("record the JIM's consent to the use of their data"), "jim_consent_on"))
    age = _age(birth_date)
    if age is not None and age < 18:
        problems.append(Problem(_("the JIM is %(age)s: a JIM is preferably 18 or older", age=age), "birth_date",
                                severity="warning"))
    return problems


def register(trajectory: Trajectory, *, youth: Member, name: str, relation: str, chosen_by: Member,
             birth_date: dt.date | None = None, parental_agreement_by: Member | None = None,
             parental_agreement_on: dt.date | None = None, jim_consent_on: dt.date | None = None,
             asked_on: dt.date | None = None) -> tuple[Jim, list[Problem]]:
    """Register the JIM; errors refuse (nothing saved), warnings are returned with the saved JIM."""
    problems = jim_problems(trajectory, youth=youth, name=name, relation=relation, chosen_by=chosen_by,
                            birth_date=birth_date, parental_agreement_by=parental_agreement_by,
                            parental_agreement_on=parental_agreement_on, jim_consent_on=jim_consent_on)
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise ValidationFailed(errors)
    asked_on = asked_on or clock.today()
    with unit_of_work():
        involvement = involvements.add_involvement(trajectory.family, JIM_ROLE, person_name=name.strip(),
                                                   trajectory=None, started_on=asked_on,
                                                   note=f"JIM of {youth.given_name}")
        jim = Jim.create(family=trajectory.family_id, youth=youth, trajectory=trajectory, name=name.strip(),
                         relation=relation.strip(), birth_date=birth_date, chosen_by=chosen_by, asked_on=asked_on,
                         parental_agreement_by=parental_agreement_by, parental_agreement_on=parental_agreement_on,
                         jim_consent_on=jim_consent_on, involvement=involvement)
        signals.refresh(trajectory)
    return jim, [p for p in problems if p.severity == "warning"]


def evaluate(jim: Jim, *, on: dt.date | None = None, notes: str | None = None) -> JimEvaluation:
    if jim.ended_on is not None:
        raise ValidationFailed(_("this JIM relation has ended"))
    evaluation = JimEvaluation.create(jim=jim, held_on=on or clock.today(), notes=notes)
    if jim.trajectory_id and jim.trajectory.is_open:
        signals.refresh(jim.trajectory)
    return evaluation


def end(jim: Jim, *, on: dt.date | None = None) -> Jim:
    """Only the young person's choice ends a JIM relation, never the closing of a trajectory."""
    on = on or clock.today()
    with unit_of_work():
        jim.ended_on = on
        jim.save()
        if jim.involvement_id:
            involvements.end_involvement(jim.involvement, on)
        if jim.trajectory_id and jim.trajectory.is_open:
            signals.refresh(jim.trajectory)
    return jim


def _active(trajectory):
    return Jim.select().where((Jim.family == trajectory.family_id) & Jim.ended_on.is_null())


def has_active_jim(trajectory) -> bool:
    return _active(trajectory).exists()


def active_since(trajectory) -> dt.date:
    first = _active(trajectory).order_by(Jim.asked_on).first()
    return first.asked_on if first else trajectory.started_on


def last_evaluation_on(trajectory) -> dt.date | None:
    return (JimEvaluation.select(fn.MAX(JimEvaluation.held_on)).join(Jim)
            .where((Jim.family == trajectory.family_id) & Jim.ended_on.is_null()).scalar())


def jims_for_family(family_id: int) -> list[Jim]:
    return list(Jim.select().where(Jim.family == family_id).order_by(Jim.asked_on))


def _is_parent_of_family(name: str, family_id: int) -> bool:
    """A JIM named like a parent of this family is that parent."""
    wanted = " ".join((name or "").lower().split())
    parents = Member.select().where((Member.family == family_id) & (Member.role == "parent"))
    return any(wanted == f"{p.given_name} {p.family_name}".lower() for p in parents)


def _age(birth_date: dt.date | None) -> int | None:
    if birth_date is None:
        return None
    today = clock.today()
    return today.year - birth_date.year - ((today.month, today.day) < (birth_date.month, birth_date.day))
