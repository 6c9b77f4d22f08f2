"""Locations come from the deployment file (``locations`` setting) and are kept in sync with it.

Like the core's reference sync: rows are matched on their key and updated, never deleted,
so placements keep pointing at a location that left the file.
"""

from __future__ import annotations

from flask_babel import gettext as _
from gezinsroute.plugin_api import Area, Partner, Problem, ValidationFailed, unit_of_work

from .models import Location, LocationPartner


def sync_locations(config: dict) -> int:
    """Create or update every configured location; returns how many were synchronised."""
    problems = []
    for index, loc in enumerate(config.get("locations", [])):
        if not Area.select().where(Area.code == loc["area"]).exists():
            problems.append(Problem(_("unknown area '%(area)s'", area=loc["area"]), f"locations[{index}].area"))
        for key in loc["partners"]:
            if not Partner.select().where(Partner.key == key).exists():
                problems.append(Problem(_("unknown partner '%(partner)s'", partner=key),
                                        f"locations[{index}].partners"))
    if problems:
        raise ValidationFailed(problems)
    with unit_of_work():
        for loc in config.get("locations", []):
            area = Area.get(Area.code == loc["area"])
            location = Location.get_or_none(Location.key == loc["key"])
            if location is None:
                location = Location.create(key=loc["key"], name=loc["name"], area=area, address=loc["address"])
            else:
                location.name, location.area, location.address = loc["name"], area, loc["address"]
                location.save()
            have = {row.partner_id for row in location.partner_rows}
            for key in loc["partners"]:
                partner = Partner.get(Partner.key == key)
                if partner.id not in have:
                    LocationPartner.create(location=location, partner=partner)
    return len(config.get("locations", []))


def location_partners(location: Location, kinds: tuple[str, ...] = ()) -> list[Partner]:
    query = Partner.select().join(LocationPartner, on=(LocationPartner.partner == Partner.id)).where(
        LocationPartner.location == location.id)
    if kinds:
        query = query.where(Partner.kind.in_(kinds))
    return list(query.order_by(Partner.name))
