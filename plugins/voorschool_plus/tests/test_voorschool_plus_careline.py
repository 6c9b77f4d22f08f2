"""The care line end to end on the HLV deployment: enrol, zorgplan, move with handover, close, reports."""

import datetime as dt

import pytest
from gezinsroute.plugin_api import (
    Partner,
    Period,
    Signal,
    Trajectory,
    TransitionRefused,
    ValidationFailed,
    Worker,
    clock,
    consent,
    families,
    plans,
    trajectories,
)
from gezinsroute_voorschool_plus import careline, reports
from gezinsroute_voorschool_plus.locations import sync_locations
from gezinsroute_voorschool_plus.models import CareLine, Group, Handover, Location, Placement

pytestmark = pytest.mark.gezinsroute_deployment("deployments/heerlen-landgraaf-voerendaal.toml")

TODAY = dt.date(2026, 3, 2)


@pytest.fixture
def hlv(gz):
    with clock.frozen(TODAY):
        sync_locations(gz.deployment.plugin_config("voorschool_plus"))
        worker = Worker.create(username="jens1", full_name="Jens Werker")
        location = Location.get(Location.key == "vsp-hoensbroek")
        groups = {kind: Group.create(location=location, kind=kind, name=name, regular_children=10, lead_worker=worker)
                  for kind, name in (("peuterwerk", "De Uiltjes"), ("school_class", "Groep 1-2"),
                                     ("bso_plus", "De Ontdekkers"))}
        yield worker, location, groups


def family(birth=dt.date(2023, 9, 1), area="hlv-hoensbroek"):
    return families.create_family("Gezin Proef", area=area, members=[
        {"role": "parent", "given_name": "Sanne", "family_name": "Proef", "has_authority": True},
        {"role": "child", "given_name": "Noor", "family_name": "Proef", "birth_date": birth}])


def child_of(fam):
    return next(m for m in fam.members if m.role == "child")


def test_locations_come_from_the_deployment(hlv):
    assert Location.select().count() == 7
    hoensbroek = Location.get(Location.key == "vsp-hoensbroek")
    assert hoensbroek.area.municipality.code == "GM0917"
    kinds = {row.partner.kind for row in hoensbroek.partner_rows}
    assert {"preschool", "school", "bso", "jac", "sports_club", "wmo_point", "consultatiebureau"} <= kinds


def test_enrolment_under_two_is_refused_and_changes_nothing(hlv):
    worker, _location, groups = hlv
    fam = family(birth=dt.date(2024, 6, 1))
    with clock.frozen(TODAY), pytest.raises(ValidationFailed) as info:
        careline.enrol(child_of(fam), groups["peuterwerk"], worker=worker, source="consultatiebureau")
    assert "from age 2" in str(info.value)
    assert Trajectory.select().where(Trajectory.family == fam.id).count() == 0
    assert CareLine.select().count() == 0


def test_enrolment_needs_a_peuterwerk_group_and_a_source(hlv):
    worker, _location, groups = hlv
    fam = family()
    with clock.frozen(TODAY), pytest.raises(ValidationFailed) as info:
        careline.enrol(child_of(fam), groups["school_class"], worker=worker, source="nowhere")
    fields = {p.field for p in info.value.problems}
    assert fields == {"group", "source"}


def test_done_when_enrol_zorgplan_move_and_inflow_report(hlv):
    worker, location, groups = hlv
    fam = family()
    child = child_of(fam)
    school = Partner.get(Partner.key == "school-hoensbroek")
    with clock.frozen(TODAY):
        trajectory, warnings = careline.enrol(child, groups["peuterwerk"], worker=worker, source="consultatiebureau")
        assert warnings == []
        assert trajectory.phase == "peuterwerk"
        assert {m.member.role for m in trajectory.member_rows} == {"child", "parent"}
        evaluation = Signal.get((Signal.trajectory == trajectory.id)
                                & (Signal.rule == "voorschool_plus.zorgplan_evaluatie"))
        assert evaluation.due_on == TODAY + dt.timedelta(days=91)

        with pytest.raises(ValidationFailed) as info:  # a zorgplan needs goals
            plans.agree(plans.create_plan(trajectory, "voorschool_plus.zorgplan", worker=worker), worker=worker)
        assert "at least one goal" in str(info.value)
        plan = plans.create_plan(trajectory, "voorschool_plus.zorgplan", worker=worker,
                                 goals=[{"description": "Speelt samen met een ander kind", "member": child}])
        plans.agree(plan, worker=worker)
        assert Signal.get_by_id(evaluation.id).due_on == TODAY + dt.timedelta(days=91)

        move = dict(to_group=groups["school_class"], to_partner=school, school_start_on=dt.date(2026, 3, 16),
                    summary="Doelen en wat werkt in de groep", worker=worker)
        # Without the parents' consent: refused, nothing changed.
        with pytest.raises(TransitionRefused) as info:
            careline.move(trajectory, "basisschool", handed_over_on=TODAY, **move)
        assert "not consented to the handover" in str(info.value)
        assert Trajectory.get_by_id(trajectory.id).phase == "peuterwerk"
        assert Handover.select().count() == 0

        consent.record_consent(child, [m for m in fam.members if m.role == "parent"], purpose="handover",
                               partner=school, valid_from=TODAY - dt.timedelta(days=7))
        # Handover after the school start date: refused, nothing changed.
        with pytest.raises(TransitionRefused) as info:
            careline.move(trajectory, "basisschool", handed_over_on=TODAY,
                          **{**move, "school_start_on": TODAY - dt.timedelta(days=1)})
        assert "after the school start date" in str(info.value)
        assert Trajectory.get_by_id(trajectory.id).phase == "peuterwerk"
        assert Handover.select().count() == 0

        assert careline.move(trajectory, "basisschool", handed_over_on=TODAY, **move) == []
    assert Trajectory.get_by_id(trajectory.id).phase == "basisschool"
    placements = list(Placement.select().where(Placement.trajectory == trajectory.id).order_by(Placement.from_date))
    assert [(p.group.kind, p.to_date) for p in placements] == [("peuterwerk", dt.date(2026, 3, 15)),
                                                                ("school_class", None)]
    table = reports.inflow(Period.parse("2026-Q1"), suppress_small=False)
    assert table.as_dicts() == [{"municipality": "Heerlen (GM0917)", "area": "Hoensbroek (hlv-hoensbroek)",
                                 "source": "consultatiebureau", "children": 1}]
    assert reports.inflow(Period.parse("2026-Q1")).rows[0][3] == "<5"
    assert reports.inflow(Period.parse("2025"), suppress_small=False).rows == []


def test_transition_outside_the_care_line_screen_still_needs_a_handover(hlv):
    worker, _location, groups = hlv
    with clock.frozen(TODAY):
        trajectory, _w = careline.enrol(child_of(family()), groups["peuterwerk"], worker=worker, source="peuterwerk")
        with pytest.raises(TransitionRefused) as info:
            trajectories.transition(trajectory, "basisschool", worker=worker)
        assert "needs a handover" in str(info.value)
        with pytest.raises(TransitionRefused) as info:
            trajectories.transition(trajectory, "afgesloten", worker=worker, end_reason_cbs="01")
        assert "where the child goes next" in str(info.value)


def test_lead_worker_differs_gives_a_warning_not_a_refusal(hlv):
    _worker, _location, groups = hlv
    other = Worker.create(username="jens2", full_name="Andere Werker")
    with clock.frozen(TODAY):
        trajectory, warnings = careline.enrol(child_of(family()), groups["peuterwerk"], worker=other,
                                              source="consultatiebureau")
    assert [w.severity for w in warnings] == ["warning"]
    assert "Jens Werker" in warnings[0].message
    assert trajectory.is_open


def test_mix_above_threshold_raises_one_signal(hlv):
    worker, _location, groups = hlv
    group = groups["peuterwerk"]
    group.regular_children = 3
    group.save()
    with clock.frozen(TODAY):
        first, _w = careline.enrol(child_of(family()), group, worker=worker, source="consultatiebureau")
        assert careline.mix(group).share == 0.25
        assert not Signal.select().where(Signal.rule == "voorschool_plus.mix").exists()
        second, _w = careline.enrol(child_of(family()), group, worker=worker, source="consultatiebureau")
        careline.enrol(child_of(family()), group, worker=worker, source="consultatiebureau")
    mix_signals = list(Signal.select().where(Signal.rule == "voorschool_plus.mix"))
    assert len(mix_signals) == 1
    assert mix_signals[0].trajectory_id == second.id and mix_signals[0].assigned_worker_id == worker.id
    assert "out of balance" in mix_signals[0].title


def test_close_records_destination_and_outflow_report(hlv, gz):
    worker, _location, groups = hlv
    with clock.frozen(TODAY):
        trajectory, _w = careline.enrol(child_of(family()), groups["peuterwerk"], worker=worker,
                                        source="mkd_outflow", uses_transport=True)
        with pytest.raises(TransitionRefused):
            careline.close(trajectory, destination="moon", end_reason_cbs="01", worker=worker)
        assert CareLine.get(CareLine.trajectory == trajectory.id).destination is None
        careline.close(trajectory, destination="mkd", end_reason_cbs="01", worker=worker)
    assert Trajectory.get_by_id(trajectory.id).ended_on == TODAY
    assert Placement.get(Placement.trajectory == trajectory.id).to_date == TODAY
    rows = reports.outflow_against_baseline(Period.parse("2026"), gz.deployment, suppress_small=False).as_dicts()
    hoensbroek = next(r for r in rows if r["area"].startswith("Hoensbroek") and r["destination"] == "mkd")
    assert (hoensbroek["children"], hoensbroek["baseline"]) == (1, 6.0)
    total_kbc = next(r for r in rows if r["area"] == "total" and r["destination"] == "kbc")
    assert total_kbc["baseline"] == 12.0
    transport = reports.transport_share(Period.parse("2026"), suppress_small=False).as_dicts()
    assert transport == [{"municipality": "Heerlen (GM0917)", "children": 1, "with_transport": 1,
                          "transport_pct": 100}]


def test_so_inflow_from_mkd_trend(hlv):
    worker, _location, groups = hlv
    for year, count in ((2025, 2), (2026, 1)):
        for _i in range(count):
            with clock.frozen(dt.date(year, 1, 10)):
                trajectory, _w = careline.enrol(child_of(family(birth=dt.date(year - 4, 1, 1))),
                                                groups["peuterwerk"], worker=worker, source="mkd_outflow")
                careline.close(trajectory, destination="so", end_reason_cbs="01", worker=worker)
    table = reports.so_inflow_from_mkd(Period.parse("2026"), suppress_small=False)
    assert table.rows == [[2025, 2, ""], [2026, 1, "falls"]]

