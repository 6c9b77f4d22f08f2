"""Families and their members."""

from __future__ import annotations

from ..models import Family, Member
from ..services import audit, families
from ..services.involvements import add_involvement
from . import schemas as s
from .common import ApiBlueprint, get_family, paginate, require_case_access, visible_families

blp = ApiBlueprint("api_families", __name__, description="Families and their members")


def family_detail(family: Family) -> Family:
    family.member_list = list(family.members.order_by(Member.id))
    return family


@blp.route("/families", methods=["GET"])
@blp.arguments(s.PageArgs, location="query")
@blp.response(200, s.page_of(s.FamilySchema))
def list_families(args):
    """Families you may see (involved, or teamleider of an involved worker)."""
    query = Family.select().where(Family.id.in_(visible_families()))
    return paginate(query, Family, args, object_type="family", family_of=lambda f: f.id)


@blp.route("/families", methods=["POST"])
@blp.arguments(s.FamilyCreateSchema)
@blp.response(201, s.FamilyDetailSchema)
def create_family(data):
    """Create a family with its members; you become involved with it (role ``colleague``)."""
    worker = require_case_access()
    family = families.create_family(
        data["name"], postcode=data.get("postcode"), house_number=data.get("house_number"),
        area=data.get("area"), municipality=data.get("municipality"),
        languages=data.get("languages") or "nl", members=data.get("members") or ())
    add_involvement(family, "colleague", worker=worker, note="created via the API")
    audit.record_read("family", family.id, family.id, "api create")
    return family_detail(family)


@blp.route("/families/<int:family_id>", methods=["GET"])
@blp.response(200, s.FamilyDetailSchema)
def get_family_view(family_id):
    return get_family(family_id, detail="api", with_members=True)


@blp.route("/families/<int:family_id>/members", methods=["GET"])
@blp.arguments(s.PageArgs, location="query")
@blp.response(200, s.page_of(s.MemberSchema))
def list_members(args, family_id):
    family = get_family(family_id, read=False)
    return paginate(Member.select().where(Member.family == family.id), Member, args,
                    object_type="member", family_of=lambda m: m.family_id)


@blp.route("/families/<int:family_id>/members", methods=["POST"])
@blp.arguments(s.MemberCreateSchema)
@blp.response(201, s.MemberSchema)
def add_member(data, family_id):
    family = get_family(family_id, read=False)
    return families.add_member(family, **data)
