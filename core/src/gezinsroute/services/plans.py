"""Plans: drafts, signatures, agreement (after which a version is immutable), new versions."""

from __future__ import annotations

import datetime as dt
import secrets

from flask_babel import gettext as _

from .. import clock
from ..errors import Problem, ValidationFailed
from ..events import Event, emit, unit_of_work
from ..models import Goal, Member, Plan, PlanSignature, Trajectory, Worker
from ..runtime import current, registry


def create_plan(trajectory: Trajectory, kind: str, *, title: str | None = None, language: str | None = None,
                content: dict | None = None, goals: list[dict] = (), worker: Worker | None = None) -> Plan:
    reg = registry()
    definition = reg.plan_kinds.get(kind)
    if definition is None:
        raise ValidationFailed(Problem(_("unknown plan kind '%(kind)s'", kind=kind), "kind"))
    if definition.methodologies and trajectory.methodology not in definition.methodologies:
        raise ValidationFailed(Problem(
            _("plan kind '%(kind)s' does not apply to %(methodology)s trajectories",
              kind=kind, methodology=trajectory.methodology), "kind"))
    if not trajectory.is_open:
        raise ValidationFailed(Problem(_("the trajectory is closed"), "trajectory"))
    with unit_of_work():
        plan = Plan.create(trajectory=trajectory, kind=kind, series=secrets.token_hex(8), version=1,
                           title=title or str(definition.label), language=language,
                           content=content or {}, created_by=worker)
        for position, goal in enumerate(goals):
            add_goal(plan, position=position, **goal)
        emit(Event("plan.created", family_id=trajectory.family_id, trajectory_id=trajectory.id,
                   data={"plan_id": plan.id, "kind": kind}))
    return plan


def add_goal(plan: Plan, *, description: str, member: Member | None = None, linked_to: str | None = None,
             owner: str | None = None, due_on: dt.date | None = None, position: int | None = None) -> Goal:
    if plan.status != "draft":
        raise ValidationFailed(Problem(_("goals can only be added to a draft; make a new version"), "plan"))
    if not (description or "").strip():
        raise ValidationFailed(Problem(_("a goal needs a description"), "description"))
    if position is None:
        position = plan.goals.count()
    return Goal.create(plan=plan, description=description.strip(), member=member, linked_to=linked_to,
                       owner=owner, due_on=due_on, position=position)


def sign(plan: Plan, *, party_name: str, party_role: str, member: Member | None = None,
         worker: Worker | None = None, signed_on: dt.date | None = None) -> PlanSignature:
    if plan.status != "draft":
        raise ValidationFailed(Problem(_("only a draft can be signed; agreed versions are final"), "plan"))
    return PlanSignature.create(plan=plan, party_name=party_name, party_role=party_role, member=member,
                                worker=worker, signed_on=signed_on or clock.today())


def agree(plan: Plan, *, worker: Worker | None = None, expected_version: int | None = None,
          on: dt.date | None = None) -> list[Problem]:
    """Agree a draft: plugins validate it; it becomes immutable and supersedes the previous version.

    Returns warnings; raises :class:`ValidationFailed` with the refusing problems.
    """
    if plan.status != "draft":
        raise ValidationFailed(Problem(_("this version is already %(status)s", status=_(plan.status)), "status"))
    definition = registry().plan_kinds[plan.kind]
    problems = []
    if definition.requires_signatures and not plan.signatures.exists():
        problems.append(Problem(_("this plan must be signed by the parties before it is agreed"), "signatures"))
    for _plugin, result in current().call("validate_plan", plan=plan, worker=worker):
        problems.extend(Problem.coerce(p) for p in result)
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise ValidationFailed(errors)
    with unit_of_work():
        previous = Plan.select().where((Plan.series == plan.series) & (Plan.status == "agreed"))
        for old in previous:
            old.status = "superseded"
            old.save()
        plan.status = "agreed"
        plan.agreed_on = on or clock.today()
        plan.agreed_by = worker
        if expected_version is not None:
            plan.save_checked(expected_version)
        else:
            plan.save()
        emit(Event("plan.agreed", family_id=plan.trajectory.family_id, trajectory_id=plan.trajectory_id,
                   data={"plan_id": plan.id, "kind": plan.kind, "version": plan.version}))
    return [p for p in problems if p.severity == "warning"]


def new_version(plan: Plan, *, worker: Worker | None = None) -> Plan:
    """Start a new draft version of an agreed plan; goals are copied."""
    if plan.status == "draft":
        raise ValidationFailed(Problem(_("this version is still a draft; change it directly"), "status"))
    latest = Plan.select().where(Plan.series == plan.series).order_by(Plan.version.desc()).first()
    if latest.status == "draft":
        raise ValidationFailed(Problem(_("version %(version)s is already a draft", version=latest.version), "status"))
    with unit_of_work():
        draft = Plan.create(trajectory=plan.trajectory_id, kind=plan.kind, series=plan.series,
                            version=latest.version + 1, title=plan.title, language=plan.language,
                            content=plan.content, created_by=worker)
        for goal in plan.goals.order_by(Goal.position):
            Goal.create(plan=draft, position=goal.position, description=goal.description,
                        member=goal.member_id, linked_to=goal.linked_to, owner=goal.owner,
                        due_on=goal.due_on)
    return draft


def update_draft(plan: Plan, *, expected_version: int, **changes) -> Plan:
    """Change a draft's title, language or content, refusing stale writes (409)."""
    if plan.status != "draft":
        raise ValidationFailed(Problem(_("an agreed plan cannot be changed; make a new version"), "status"))
    allowed = {"title", "language", "content"}
    unknown = set(changes) - allowed
    if unknown:
        raise ValidationFailed(Problem(_("cannot change %(fields)s", fields=", ".join(sorted(unknown))),
                                       sorted(unknown)[0]))
    for key, value in changes.items():
        setattr(plan, key, value)
    plan.save_checked(expected_version)
    return plan


def record_goal_result(goal: Goal, *, status: str, result: str | None = None) -> Goal:
    """Record how far a goal was reached (evaluation); the agreed wording stays unchanged."""
    if status not in ("open", "achieved", "partly", "not_achieved"):
        raise ValidationFailed(Problem(_("status must be open, achieved, partly or not_achieved"), "status"))
    goal.status = status
    goal.result = result
    goal._allow_result = True
    goal.save()
    return goal


def current_plan(trajectory: Trajectory, kind: str) -> Plan | None:
    """The latest agreed version of a plan kind on a trajectory."""
    return (Plan.select().where((Plan.trajectory == trajectory.id) & (Plan.kind == kind)
                                & (Plan.status == "agreed"))
            .order_by(Plan.agreed_on.desc(), Plan.id.desc()).first())
