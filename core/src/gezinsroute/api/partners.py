"""Partners on the sociale kaart (read only; no family data, so no need-to-know check)."""

from __future__ import annotations

from ..models import Partner, PartnerArea
from . import schemas as s
from .common import ApiBlueprint, not_found, paginate, valid_id

blp = ApiBlueprint("api_partners", __name__, description="Partners (sociale kaart)")


def _with_areas(partner: Partner) -> Partner:
    partner.area_ids = [r.area_id for r in PartnerArea.select(PartnerArea.area)
                        .where(PartnerArea.partner == partner.id).order_by(PartnerArea.area)]
    return partner


@blp.route("/partners", methods=["GET"])
@blp.arguments(s.PartnerListArgs, location="query")
@blp.response(200, s.page_of(s.PartnerSchema))
def list_partners(args):
    query = Partner.select()
    if args.get("kind"):
        query = query.where(Partner.kind == args["kind"])
    if args.get("active") is not None:
        query = query.where(Partner.active == args["active"])
    return paginate(query, Partner, args, serialize=_with_areas)


@blp.route("/partners/<int:partner_id>", methods=["GET"])
@blp.response(200, s.PartnerSchema)
def get_partner(partner_id):
    partner = Partner.get_or_none(Partner.id == partner_id) if valid_id(partner_id) else None
    if partner is None:
        raise not_found()
    return _with_areas(partner)
