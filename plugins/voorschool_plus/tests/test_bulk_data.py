"""(Voor)school Plus rows of a bulk load (``populate_bulk_data``): plausible, consistent, reproducible, readable."""

import datetime as dt

import pytest
from gezinsroute import bulk, clock
from gezinsroute.models import Family, Member, Partner, PhaseChange, Trajectory
from gezinsroute.reports import Period
from gezinsroute.testing.helpers import act_as_worker, dangling, within_trajectory
from gezinsroute_voorschool_plus import reports
from gezinsroute_voorschool_plus.methodology import (
    DESTINATIONS,
    GROUP_KIND_FOR_PHASE,
    HANDOVER_PARTNER_KINDS,
    SLUG,
    SOURCES,
)
from gezinsroute_voorschool_plus.models import CareLine, Group, Handover, Location, LocationPartner, Placement

pytestmark = pytest.mark.gezinsroute_deployment("deployments/heerlen-landgraaf-voerendaal.toml")

FAMILIES = 60





def test_bulk_load_writes_consistent_care_lines(gz):
    db = gz.database
    config = gz.deployment.plugin_config("voorschool_plus")
    result = bulk.generate(gz, families=FAMILIES, seed=3)
    # the configured locations with their partners, two groups of each kind at each
    assert {loc.key for loc in Location.select()} == {loc["key"] for loc in config["locations"]}
    assert LocationPartner.select().count() == sum(len(loc["partners"]) for loc in config["locations"])
    assert Group.select().count() == 6 * Location.select().count()
    ours = Trajectory.select().where(Trajectory.methodology == SLUG)
    moved = ours.where(Trajectory.phase.in_(("basisschool", "bso_plus")))
    assert ours.count() > 30
    assert CareLine.select().count() == ours.count() == result.counts["voorschool_plus_care_line"]
    assert Placement.select().count() == ours.count() + moved.count()
    assert Handover.select().count() == moved.count()
    for child, column, parent in [
            ("voorschool_plus_location", "area_id", "area"),
            ("voorschool_plus_location_partner", "location_id", "voorschool_plus_location"),
            ("voorschool_plus_location_partner", "partner_id", "partner"),
            ("voorschool_plus_group", "location_id", "voorschool_plus_location"),
            ("voorschool_plus_care_line", "trajectory_id", "trajectory"),
            ("voorschool_plus_care_line", "child_id", "member"),
            ("voorschool_plus_care_line", "location_id", "voorschool_plus_location"),
            ("voorschool_plus_placement", "trajectory_id", "trajectory"),
            ("voorschool_plus_placement", "child_id", "member"),
            ("voorschool_plus_placement", "group_id", "voorschool_plus_group"),
            ("voorschool_plus_handover", "trajectory_id", "trajectory"),
            ("voorschool_plus_handover", "child_id", "member"),
            ("voorschool_plus_handover", "to_partner_id", "partner"),
            ("voorschool_plus_handover", "to_group_id", "voorschool_plus_group"),
            ("voorschool_plus_handover", "recorded_by_id", "worker")]:
        assert dangling(db, child, column, parent) == 0, (child, column)
    for cl in CareLine.select(CareLine, Trajectory, Member).join(Trajectory).switch(CareLine).join(Member):
        t, child = cl.trajectory, cl.child
        assert child.role == "child" and child.family_id == t.family_id
        assert cl.source in SOURCES and cl.enrolled_on == t.started_on
        family = Family.get_by_id(t.family_id)
        assert cl.location.area_id == family.area_id or not Location.select().where(
            Location.area == family.area_id).exists()
        assert (cl.destination in DESTINATIONS and cl.exited_on == t.ended_on) if t.ended_on else (
            cl.destination is None and cl.exited_on is None)
        placements = list(Placement.select().where(Placement.trajectory == t.id).order_by(Placement.from_date))
        assert placements[0].from_date == t.started_on and placements[0].group.kind == "peuterwerk"
        assert all(p.child_id == child.id and p.group.location_id == cl.location_id for p in placements)
        assert all(within_trajectory(t, p.from_date, p.to_date) and (p.to_date is None or p.from_date <= p.to_date)
                   for p in placements)
        current_ones = [p for p in placements if p.to_date is None]
        if t.ended_on:
            assert current_ones == []
        else:  # placed now in the group of the phase, since the day of the phase change
            assert [p.group.kind for p in current_ones] == [GROUP_KIND_FOR_PHASE[t.phase]]
        if t.phase in ("basisschool", "bso_plus"):
            change = PhaseChange.get((PhaseChange.trajectory == t.id) & (PhaseChange.to_phase == t.phase))
            handover = Handover.get(Handover.trajectory == t.id)
            assert current_ones[0].from_date == handover.school_start_on == change.changed_at.date()
            assert placements[0].to_date == handover.school_start_on - dt.timedelta(days=1)
            assert handover.to_phase == t.phase and handover.to_group_id == current_ones[0].group_id
            assert Partner.get_by_id(handover.to_partner_id).kind in HANDOVER_PARTNER_KINDS[t.phase]
            assert t.started_on <= handover.handed_over_on <= handover.school_start_on


def test_bulk_load_is_reproducible(gz):
    def fingerprint(first, last):
        rows = (CareLine.select(CareLine, Trajectory).join(Trajectory)
                .where(Trajectory.id.between(first, last)).order_by(CareLine.id))
        return [(c.trajectory_id - first, c.source, c.uses_transport, c.destination) for c in rows]

    first = bulk._next_id(gz.database, "trajectory")
    bulk.generate(gz, families=30, seed=11)
    second = bulk._next_id(gz.database, "trajectory")
    bulk.generate(gz, families=30, seed=11)
    end = bulk._next_id(gz.database, "trajectory")
    assert fingerprint(first, second - 1) == fingerprint(second, end - 1) != []


def test_care_line_screens_and_reports_read_bulk_data(gz, app, client):
    bulk.generate(gz, families=FAMILIES, seed=5)
    today = clock.today()
    period = Period(today - dt.timedelta(days=3 * 365), today)
    inflow = reports.inflow(period, gz.deployment, suppress_small=False)
    assert sum(row[-1] for row in inflow.rows) == CareLine.select().count()
    for report in reports.reports():
        assert report.run(period, gz.deployment).rows is not None
    who = act_as_worker(app)
    t = Trajectory.select().where(Trajectory.phase == "basisschool").order_by(Trajectory.id).first()
    who["worker"] = t.responsible
    page = client.get(f"/voorschool_plus/trajectories/{t.id}?lang=en")
    assert page.status_code == 200
    child = CareLine.get(CareLine.trajectory == t.id).child
    assert f"{child.given_name} {child.family_name}" in page.get_data(as_text=True)
    assert client.get("/voorschool_plus/?lang=en").status_code == 200
    group = Placement.get((Placement.trajectory == t.id) & Placement.to_date.is_null()).group_id
    assert client.get(f"/voorschool_plus/groups/{group}?lang=en").status_code == 200
    assert client.get(f"/families/{t.family_id}?lang=en").status_code == 200
