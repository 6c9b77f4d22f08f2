"""Referrals: propose to a partner (with the consent check), advance along their lifecycle."""

from __future__ import annotations

from ..models import Referral, ReferralMember, Trajectory
from ..services import referrals
from . import schemas as s
from .common import (
    ApiBlueprint,
    existing_partner,
    family_members,
    get_in_family,
    get_trajectory,
    paginate,
    require_case_access,
)

blp = ApiBlueprint("api_referrals", __name__, description="Referrals to partners")


def _with_members(referral: Referral) -> Referral:
    referral.member_ids = [r.member_id for r in
                           ReferralMember.select().where(ReferralMember.referral == referral.id)
                           .order_by(ReferralMember.id)]
    return referral


def _get(referral_id: int, read: bool = True) -> Referral:
    return get_in_family(Referral, referral_id, lambda r: r.trajectory.family_id, object_type="referral",
                         read=read, query=Referral.select(Referral, Trajectory).join(Trajectory))


@blp.route("/trajectories/<int:trajectory_id>/referrals", methods=["GET"])
@blp.arguments(s.PageArgs, location="query")
@blp.response(200, s.page_of(s.ReferralSchema))
def list_referrals(args, trajectory_id):
    trajectory = get_trajectory(trajectory_id, read=False)
    return paginate(Referral.select().where(Referral.trajectory == trajectory.id), Referral, args,
                    object_type="referral", family_of=lambda r: trajectory.family_id, serialize=_with_members)


@blp.route("/referrals", methods=["POST"])
@blp.arguments(s.ReferralProposeSchema)
@blp.response(201, s.ReferralSchema)
def propose(data):
    """Propose a referral; sharing the members' data with the partner needs their consent
    (or a legal exception)."""
    trajectory = get_trajectory(data["trajectory_id"], read=False)
    members = family_members(trajectory.family_id, data["member_ids"], "member_ids")
    referral = referrals.propose(
        trajectory, existing_partner(data["partner_id"]), members, purpose=data["purpose"],
        programme=data.get("programme"), note=data.get("note"), worker=require_case_access(),
        legal_exception=data.get("legal_exception"))
    return _with_members(referral)


@blp.route("/referrals/<int:referral_id>", methods=["GET"])
@blp.response(200, s.ReferralSchema)
def get_referral(referral_id):
    return _with_members(_get(referral_id))


@blp.route("/referrals/<int:referral_id>/advance", methods=["POST"])
@blp.arguments(s.ReferralAdvanceSchema)
@blp.response(200, s.ReferralSchema)
def advance(data, referral_id):
    """Move a referral along proposed → accepted → started → ended (or declined / withdrawn)."""
    referral = _get(referral_id, read=False)
    expected = data.get("lock_version") or referral.lock_version
    referrals.advance(referral, data["status"], outcome=data.get("outcome"), expected_version=expected)
    return _with_members(referral)
