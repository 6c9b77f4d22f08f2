"""Assessments: results of registered instruments, as item codes and an outcome code."""

from __future__ import annotations

from ..models import Assessment
from ..services import assessments
from . import schemas as s
from .common import ApiBlueprint, family_member, get_trajectory, paginate, require_case_access

blp = ApiBlueprint("api_assessments", __name__, description="Assessments (instrument results)")


@blp.route("/trajectories/<int:trajectory_id>/assessments", methods=["GET"])
@blp.arguments(s.PageArgs, location="query")
@blp.response(200, s.page_of(s.AssessmentSchema))
def list_assessments(args, trajectory_id):
    trajectory = get_trajectory(trajectory_id, read=False)
    return paginate(Assessment.select().where(Assessment.trajectory == trajectory.id), Assessment, args,
                    object_type="assessment", family_of=lambda a: trajectory.family_id)


@blp.route("/assessments", methods=["POST"])
@blp.arguments(s.AssessmentCreateSchema)
@blp.response(201, s.AssessmentSchema)
def record(data):
    trajectory = get_trajectory(data["trajectory_id"], read=False)
    return assessments.record(
        trajectory, data["instrument"], data["scores"],
        member=family_member(trajectory.family_id, data.get("member_id")), assessor=require_case_access(),
        assessed_on=data.get("assessed_on"), notes=data.get("notes"))
