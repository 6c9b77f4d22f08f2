"""Families and their members."""

from __future__ import annotations

import datetime as dt
import secrets

from flask_babel import gettext as _

from ..errors import Problem, ValidationFailed
from ..events import Event, emit, unit_of_work
from ..models import Area, Family, Member, Municipality
from ..models.family import MEMBER_ROLES
from ..validators import normalise_bsn, normalise_postcode


def new_reference() -> str:
    return "GZ-" + secrets.token_hex(4).upper()


def create_family(name: str, *, postcode: str | None = None, house_number: str | None = None,
                  area: Area | str | None = None, municipality: Municipality | str | None = None,
                  languages: list[str] | str = "nl", members: list[dict] = ()) -> Family:
    """Create a family with its members in one transaction."""
    problems = []
    if not (name or "").strip():
        problems.append(Problem(_("a family needs a name"), "name"))
    if postcode:
        try:
            postcode = normalise_postcode(postcode)
        except ValueError as exc:
            problems.append(Problem(str(exc), "postcode"))
    area_obj = _resolve_area(area, problems)
    muni_obj = _resolve_municipality(municipality, problems) or (area_obj.municipality if area_obj else None)
    if area_obj and muni_obj and area_obj.municipality_id != muni_obj.id:
        problems.append(Problem(_("area %(area)s is not in municipality %(municipality)s",
                                         area=area_obj.code, municipality=muni_obj.code), "area"))
    if problems:
        raise ValidationFailed(problems)
    if isinstance(languages, (list, tuple)):
        languages = ",".join(languages)
    with unit_of_work():
        family = Family.create(reference=new_reference(), name=name.strip(), postcode=postcode,
                               house_number=house_number, area=area_obj, municipality=muni_obj,
                               languages=languages or "nl")
        for index, data in enumerate(members):
            try:
                add_member(family, **data)
            except ValidationFailed as exc:
                raise ValidationFailed([Problem(p.message, f"members[{index}].{p.field}")
                                        for p in exc.problems]) from None
        emit(Event("family.created", family_id=family.id))
    return family


def add_member(family: Family, *, role: str, given_name: str, family_name: str,
               birth_date: dt.date | None = None, bsn: str | None = None, gender: str | None = None,
               has_authority: bool = False, languages: str | None = None) -> Member:
    problems = []
    if role not in MEMBER_ROLES:
        problems.append(Problem(_("role must be one of %(roles)s", roles=", ".join(MEMBER_ROLES)), "role"))
    if not (given_name or "").strip():
        problems.append(Problem(_("given name is required"), "given_name"))
    if not (family_name or "").strip():
        problems.append(Problem(_("family name is required"), "family_name"))
    if bsn:
        try:
            bsn = normalise_bsn(bsn)
        except ValueError as exc:
            problems.append(Problem(str(exc), "bsn"))
    if birth_date and birth_date > dt.date.today() + dt.timedelta(days=280):
        problems.append(Problem(_("birth date lies too far in the future"), "birth_date"))
    if problems:
        raise ValidationFailed(problems)
    with unit_of_work():
        member = Member.create(family=family, role=role, given_name=given_name.strip(),
                               family_name=family_name.strip(), birth_date=birth_date, bsn=bsn,
                               gender=gender, has_authority=has_authority, languages=languages)
        emit(Event("member.added", family_id=family.id, data={"member_id": member.id}))
    return member


def children(family: Family) -> list[Member]:
    return list(family.members.where(Member.role == "child").order_by(Member.birth_date))


def _resolve_area(area, problems):
    if area is None or isinstance(area, Area):
        return area
    found = Area.get_or_none(Area.code == area)
    if not found:
        problems.append(Problem(_("unknown area '%(area)s'", area=area), "area"))
    return found


def _resolve_municipality(municipality, problems):
    if municipality is None or isinstance(municipality, Municipality):
        return municipality
    found = Municipality.get_or_none(Municipality.code == municipality)
    if not found:
        problems.append(Problem(_("unknown municipality '%(municipality)s'", municipality=municipality),
                                "municipality"))
    return found
