import datetime as dt

import pytest
from gezinsroute import clock
from gezinsroute.errors import TransitionRefused, ValidationFailed
from gezinsroute.models import AuditEntry, PhaseChange, Signal, Trajectory, Worker
from gezinsroute.services import assessments, families, trajectories

from tests.conftest import TOY

pytestmark = [pytest.mark.gezinsroute_plugins("toy"), pytest.mark.gezinsroute_extra_plugins(TOY)]


def make_family():
    return families.create_family("Gezin Test", postcode="1234ab", area="WK999901", members=[
        {"role": "parent", "given_name": "Anna", "family_name": "Test", "has_authority": True,
         "birth_date": dt.date(1985, 1, 1)},
        {"role": "child", "given_name": "Bo", "family_name": "Test", "birth_date": dt.date(2015, 5, 5),
         "bsn": "999990019"},
    ])


def test_open_and_refused_transition_changes_nothing(gz, events):
    worker = Worker.create(username="w", full_name="W")
    family = make_family()
    assert family.postcode == "1234 AB"
    t = trajectories.open_trajectory(family, "toy", responsible=worker)
    before = AuditEntry.select().count()
    with pytest.raises(TransitionRefused) as info:
        trajectories.transition(t, "work", worker=worker)
    assert "toy check" in str(info.value)
    assert Trajectory.get_by_id(t.id).phase == "intake"
    assert PhaseChange.select().where(PhaseChange.trajectory == t).count() == 1
    assert AuditEntry.select().count() == before
    assessments.record(t, "toy.check", {"a": "1", "b": "2"}, assessor=worker)
    _, warnings = trajectories.transition(t, "work", worker=worker)
    assert [w.message for w in warnings] == ["just a warning"]
    assert Trajectory.get_by_id(t.id).phase == "work"
    assert "trajectory.transitioned" in [e.name for e in events]


def test_close_requires_end_reason_and_maps_jz588(gz):
    family = make_family()
    t = trajectories.open_trajectory(family, "toy")
    with pytest.raises(TransitionRefused):
        trajectories.transition(t, "closed")
    trajectories.transition(t, "closed", end_reason_jz588="31")
    t = Trajectory.get_by_id(t.id)
    assert (t.end_reason_cbs, t.end_reason_jz588, t.ended_on) == ("01", "31", clock.today())


def test_single_open_per_family_and_return_links_previous(gz):
    family = make_family()
    first = trajectories.open_trajectory(family, "toy")
    with pytest.raises(ValidationFailed):
        trajectories.open_trajectory(family, "toy")
    trajectories.transition(first, "closed", end_reason_cbs="01")
    second = trajectories.open_trajectory(family, "toy")
    assert second.previous_id == first.id


def test_bad_bsn_is_refused_with_field(gz):
    with pytest.raises(ValidationFailed) as info:
        families.create_family("Gezin X", members=[
            {"role": "child", "given_name": "A", "family_name": "X", "bsn": "123456789"}])
    assert info.value.problems[0].field == "members[0].bsn"


def test_cadence_signal_escalates(gz):
    from gezinsroute.models import Team
    from gezinsroute.services import signals

    worker = Worker.create(username="w2", full_name="W2", team=Team.get(Team.key == "team-noord"))
    family = make_family()
    start = dt.date(2026, 1, 5)
    with clock.frozen(start):
        t = trajectories.open_trajectory(family, "toy", responsible=worker, started_on=start)
    signal = Signal.get((Signal.trajectory == t) & (Signal.rule == "toy.visit"))
    assert signal.due_on == start + dt.timedelta(days=14)
    assert signal.target_role == "worker"
    with clock.frozen(start + dt.timedelta(days=16)):
        assert signals.state(signal) == "overdue"
        assert signals.escalate_due() == 1
    assert Signal.get_by_id(signal.id).target_role == "teamleider"


def test_instrument_item_scores_are_checked_per_item(gz):
    import dataclasses

    definition = gz.registry.instruments["toy.check"]
    gz.registry.instruments["toy.check"] = dataclasses.replace(definition, item_scores={"a": ("x", "y")})
    try:
        t = trajectories.open_trajectory(make_family(), "toy")
        with pytest.raises(ValidationFailed) as info:
            assessments.record(t, "toy.check", {"a": "1", "b": "1"})
        assert [(p.field, p.message) for p in info.value.problems] == [("scores.a", "score '1' is not one of x, y")]
        assert assessments.record(t, "toy.check", {"a": "x", "b": "2"}).outcome == "concern"
    finally:
        gz.registry.instruments["toy.check"] = definition
