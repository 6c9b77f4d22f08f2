"""Plans and their goals: create, read, change a draft (optimistic locking), sign, agree."""

from __future__ import annotations

from ..errors import ConflictError, Problem
from ..models import Goal, Plan, PlanSignature, Trajectory
from ..services import plans
from . import schemas as s
from .common import ApiBlueprint, family_member, get_in_family, get_trajectory, paginate, require_case_access

blp = ApiBlueprint("api_plans", __name__, description="Plans, goals and signatures")


def _get(plan_id: int, read: bool = True) -> Plan:
    return get_in_family(Plan, plan_id, lambda p: p.trajectory.family_id, object_type="plan", read=read,
                         query=Plan.select(Plan, Trajectory).join(Trajectory))


def plan_detail(plan: Plan) -> Plan:
    plan.goal_list = list(plan.goals.order_by(Goal.position, Goal.id))
    plan.signature_list = list(plan.signatures.order_by(PlanSignature.id))
    return plan


def _check_version(plan: Plan, expected: int) -> None:
    if plan.lock_version != expected:
        raise ConflictError(Problem(
            f"plan {plan.id} was changed by someone else (you had version {expected}, it is now "
            f"{plan.lock_version}); reload and try again", "lock_version"))


@blp.route("/trajectories/<int:trajectory_id>/plans", methods=["GET"])
@blp.arguments(s.PageArgs, location="query")
@blp.response(200, s.page_of(s.PlanSchema))
def list_plans(args, trajectory_id):
    trajectory = get_trajectory(trajectory_id, read=False)
    return paginate(Plan.select().where(Plan.trajectory == trajectory.id), Plan, args,
                    object_type="plan", family_of=lambda p: trajectory.family_id)


@blp.route("/plans", methods=["POST"])
@blp.arguments(s.PlanCreateSchema)
@blp.response(201, s.PlanDetailSchema)
def create_plan(data):
    trajectory = get_trajectory(data["trajectory_id"], read=False)
    goals = []
    for index, goal in enumerate(data.get("goals") or ()):
        goal = dict(goal)
        goal["member"] = family_member(trajectory.family_id, goal.pop("member_id", None),
                                       f"goals.{index}.member_id")
        goals.append(goal)
    plan = plans.create_plan(trajectory, data["kind"], title=data.get("title"), language=data.get("language"),
                             content=data.get("content"), goals=goals, worker=require_case_access())
    return plan_detail(plan)


@blp.route("/plans/<int:plan_id>", methods=["GET"])
@blp.response(200, s.PlanDetailSchema)
def get_plan(plan_id):
    return plan_detail(_get(plan_id))


@blp.route("/plans/<int:plan_id>", methods=["PATCH"])
@blp.arguments(s.PlanUpdateSchema)
@blp.response(200, s.PlanDetailSchema)
def update_plan(data, plan_id):
    """Change a draft's title, language or content. Send the ``lock_version`` you read:
    if someone changed the plan since, the answer is 409 and nothing changes."""
    plan = _get(plan_id, read=False)
    expected = data.pop("lock_version")
    _check_version(plan, expected)
    plans.update_draft(plan, expected_version=expected, **data)
    return plan_detail(plan)


@blp.route("/plans/<int:plan_id>/goals", methods=["POST"])
@blp.arguments(s.GoalCreateSchema)
@blp.response(201, s.GoalSchema)
def add_goal(data, plan_id):
    plan = _get(plan_id, read=False)
    member = family_member(plan.trajectory.family_id, data.pop("member_id", None))
    return plans.add_goal(plan, member=member, **data)


@blp.route("/plans/<int:plan_id>/signatures", methods=["POST"])
@blp.arguments(s.SignatureCreateSchema)
@blp.response(201, s.SignatureSchema)
def sign(data, plan_id):
    plan = _get(plan_id, read=False)
    member = family_member(plan.trajectory.family_id, data.pop("member_id", None))
    worker = None if member else require_case_access()
    return plans.sign(plan, party_name=data["party_name"], party_role=data["party_role"], member=member,
                      worker=worker, signed_on=data.get("signed_on"))


@blp.route("/plans/<int:plan_id>/agree", methods=["POST"])
@blp.arguments(s.PlanAgreeSchema)
@blp.response(200, s.PlanAgreeResultSchema)
def agree(data, plan_id):
    """Agree a draft (it becomes immutable). A stale ``lock_version`` answers 409."""
    plan = _get(plan_id, read=False)
    _check_version(plan, data["lock_version"])
    warnings = plans.agree(plan, worker=require_case_access(), expected_version=data["lock_version"])
    return {"plan": plan_detail(plan), "warnings": [w.as_dict() for w in warnings]}
