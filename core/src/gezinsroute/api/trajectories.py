"""Trajectories: list, get, open, and phase transitions with optimistic locking."""

from __future__ import annotations

from ..models import Trajectory
from ..services import trajectories
from . import schemas as s
from .common import (
    ApiBlueprint,
    existing_partner,
    existing_worker,
    family_members,
    get_family,
    get_trajectory,
    paginate,
    require_case_access,
    visible_families,
)

blp = ApiBlueprint("api_trajectories", __name__, description="Trajectories and phase transitions")


@blp.route("/trajectories", methods=["GET"])
@blp.arguments(s.TrajectoryListArgs, location="query")
@blp.response(200, s.page_of(s.TrajectorySchema))
def list_trajectories(args):
    query = Trajectory.select().where(Trajectory.family.in_(visible_families()))
    if args.get("family_id"):
        query = query.where(Trajectory.family == args["family_id"])
    if args.get("open") is not None:
        query = query.where(Trajectory.ended_on.is_null(args["open"]))
    return paginate(query, Trajectory, args, object_type="trajectory", family_of=lambda t: t.family_id)


@blp.route("/trajectories", methods=["POST"])
@blp.arguments(s.TrajectoryOpenSchema)
@blp.response(201, s.TrajectorySchema)
def open_trajectory(data):
    """Open a trajectory for a family; the responsible worker defaults to you."""
    worker = require_case_access()
    family = get_family(data["family_id"], read=False)
    responsible = existing_worker(data.get("responsible_id"), "responsible_id") or worker
    exclude = {int(k): v for k, v in (data.get("exclude") or {}).items()}
    family_members(family.id, list(exclude), "exclude")
    members = data.get("member_ids")
    return trajectories.open_trajectory(
        family, data["methodology"], responsible=responsible, source=data.get("source"),
        referrer_code=data.get("referrer_code"),
        referrer_partner=existing_partner(data.get("referrer_partner_id"), "referrer_partner_id"),
        referrer_note=data.get("referrer_note"), started_on=data.get("started_on"), exclude=exclude,
        members=family_members(family.id, members, "member_ids") if members is not None else None)


@blp.route("/trajectories/<int:trajectory_id>", methods=["GET"])
@blp.response(200, s.TrajectorySchema)
def get_trajectory_view(trajectory_id):
    return get_trajectory(trajectory_id)


@blp.route("/trajectories/<int:trajectory_id>/transition", methods=["POST"])
@blp.arguments(s.TransitionSchema)
@blp.response(200, s.TransitionResultSchema)
def transition(data, trajectory_id):
    """Move to another phase. Refused transitions answer 422 and change nothing;
    a stale ``lock_version`` answers 409."""
    trajectory = get_trajectory(trajectory_id, read=False)
    updated, warnings = trajectories.transition(
        trajectory, data["to_phase"], worker=require_case_access(), note=data.get("note"),
        end_reason_jz588=data.get("end_reason_jz588"), end_reason_cbs=data.get("end_reason_cbs"),
        expected_version=data["lock_version"])
    return {"trajectory": updated, "warnings": [w.as_dict() for w in warnings]}
