"""Synchronising a deployment's reference data (municipalities, areas, teams, partners) into the database.

Idempotent: rows are matched on their code/key and updated; nothing is deleted
(a partner removed from the file stays, so history keeps pointing at it).
"""

from __future__ import annotations

from .events import unit_of_work
from .models import Area, Municipality, Partner, PartnerArea, Team


def sync(deployment) -> dict[str, int]:
    counts = {"municipalities": 0, "areas": 0, "teams": 0, "partners": 0}
    with unit_of_work():
        for m in deployment.municipalities:
            muni = _upsert(Municipality, {"code": m["code"]}, {"name": m["name"]})
            counts["municipalities"] += 1
            for a in m["areas"]:
                _upsert(Area, {"code": a["code"]}, {"name": a["name"], "municipality": muni})
                counts["areas"] += 1
        for t in deployment.teams:
            muni = Municipality.get_or_none(Municipality.code == t["municipality"]) if t["municipality"] else None
            _upsert(Team, {"key": t["key"]}, {"name": t["name"], "municipality": muni})
            counts["teams"] += 1
        for p in deployment.partners:
            fields = {k: p[k] for k in ("name", "kind", "contact_name", "email", "phone", "address",
                                        "capacity", "active", "description")}
            partner = _upsert(Partner, {"key": p["key"]}, fields)
            wanted = {Area.get(Area.code == code).id for code in p["areas"]}
            have = {row.area_id for row in partner.area_rows}
            for area_id in wanted - have:
                PartnerArea.create(partner=partner, area=area_id)
            counts["partners"] += 1
    return counts


def _upsert(model, match: dict, fields: dict):
    key, value = next(iter(match.items()))
    row = model.get_or_none(getattr(model, key) == value)
    if row is None:
        return model.create(**match, **fields)
    changed = [name for name, v in fields.items() if _raw(getattr(row, name)) != _raw(v)]
    if changed:
        for name in changed:
            setattr(row, name, fields[name])
        row.save()
    return row


def _raw(value):
    return value.id if hasattr(value, "id") and hasattr(value, "_meta") else value
