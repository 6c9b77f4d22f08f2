"""Synthetic demo data: locations and groups, and care lines for young children of demo families."""

from __future__ import annotations

import datetime as dt

from gezinsroute.plugin_api import Area, consent, contacts, plans

from . import careline
from .locations import location_partners, sync_locations
from .methodology import BRENG_HAAL, HOME_VISIT, ZORGPLAN
from .models import Group, Location

GOALS = ("Speelt tien minuten samen met een ander kind", "Zegt wat hij/zij wil met twee woorden",
         "Kan afscheid nemen bij het brengen", "Volgt een korte opdracht in de groep",
         "Ouders oefenen thuis het dagritme met de dagritmekaarten")


def populate(demo) -> None:
    config = demo.deployment.plugin_config("voorschool_plus")
    if config.get("locations"):
        sync_locations(config)
    else:
        for area in Area.select().order_by(Area.id):
            Location.get_or_create(key=f"vsp-{area.code.lower()}", area=area,
                                   defaults={"name": f"(Voor)school Plus {area.name}"})
    for location in Location.select().order_by(Location.id):
        _groups(demo, location)
    for family in demo.families_for(0.35):
        _care_line(demo, family)


def _groups(demo, location) -> None:
    if location.groups.exists():
        return
    for kind, name, regular in (("peuterwerk", "Peutergroep De Uiltjes", 12), ("school_class", "Groep 1-2", 22),
                                ("bso_plus", "BSO-plus De Ontdekkers", 8)):
        Group.create(location=location, kind=kind, name=name, lead_worker=demo.worker("worker"),
                     regular_children=regular + demo.random.randint(-3, 3))


def _care_line(demo, family) -> None:
    children = [m for m in family.members if m.role == "child" and m.birth_date
                and 2 <= m.age_on(demo.today) <= 6]
    if not children:
        return
    child = children[0]
    location = Location.get_or_none(Location.area == family.area_id) or Location.select().first()
    group = location.groups.where(Group.kind == "peuterwerk").first()
    earliest = max(child.birth_date.replace(year=child.birth_date.year + 2) + dt.timedelta(days=1),
                   demo.today - dt.timedelta(days=540))
    enrolled_on = earliest + dt.timedelta(days=demo.random.randint(0, max(0, (demo.today - earliest).days - 60)))
    source = demo.random.choice(["consultatiebureau", "consultatiebureau", "peuterwerk", "mkd_outflow"])
    trajectory, _warnings = careline.enrol(child, group, worker=group.lead_worker, source=source,
                                   uses_transport=demo.random.random() < 0.15, on=enrolled_on)
    plan = plans.create_plan(trajectory, ZORGPLAN, worker=group.lead_worker,
                             goals=[{"description": g, "member": child} for g in demo.random.sample(GOALS, 3)])
    plans.agree(plan, worker=group.lead_worker, on=enrolled_on + dt.timedelta(days=21))
    for days_ago in sorted(demo.random.sample(range(1, 30), 4), reverse=True):
        at = dt.datetime.combine(demo.today - dt.timedelta(days=days_ago), dt.time(8, 30))
        contacts.record_contact(family, BRENG_HAAL, trajectory=trajectory, occurred_at=at,
                                worker=group.lead_worker, members=[child], summary="Goed geslapen, vrolijk binnen")
    contacts.record_contact(family, HOME_VISIT, trajectory=trajectory, worker=group.lead_worker, members=[child],
                            occurred_at=dt.datetime.combine(demo.today - dt.timedelta(days=10), dt.time(14)),
                            duration_minutes=60, summary="Huisbezoek: dagritme besproken")
    if child.age_on(demo.today) >= 4 and demo.random.random() < 0.7:
        _to_school(demo, trajectory, child, location)


def _to_school(demo, trajectory, child, location) -> None:
    school = next(iter(location_partners(location, ("school",))), None)
    group = location.groups.where(Group.kind == "school_class").first()
    if school is None or group is None:
        return
    start = demo.today - dt.timedelta(days=demo.random.randint(5, 60))
    handed_over = start - dt.timedelta(days=14)
    if handed_over <= trajectory.started_on:
        return
    consent.record_consent(child, consent.required_consenters(child, handed_over), purpose="handover",
                           partner=school, valid_from=handed_over - dt.timedelta(days=7),
                           evidence="Toestemmingsformulier overdracht getekend", recorded_by=group.lead_worker)
    careline.move(trajectory, "basisschool", to_group=group, to_partner=school, school_start_on=start,
                  handed_over_on=handed_over, worker=trajectory.responsible,
                  summary="Ontwikkeling, zorgplandoelen en wat werkt in de groep besproken met de IB-er")
