import datetime as dt

import pytest
from gezinsroute import clock
from gezinsroute.errors import ValidationFailed
from gezinsroute.models import Involvement, Signal
from gezinsroute_klantroute import jim, route
from gezinsroute_klantroute.models import Jim
from gezinsroute_klantroute.testkit import ON_DEPLOYMENT, family, member, worker

pytestmark = ON_DEPLOYMENT

START = dt.date(2026, 3, 2)


def setup():
    with clock.frozen(START):
        t = route.open_route(family(), entry_point="jip", question_text="ik wil hulp", owner=worker(),
                             received_on=START)
    return t, t.family


def register(t, fam, **kwargs):
    data = {"youth": member(fam, "Cas"), "name": "Henk Visser", "relation": "oud-trainer",
            "chosen_by": member(fam, "Cas"), "birth_date": dt.date(1970, 5, 5),
            "parental_agreement_by": member(fam, "Anna"), "parental_agreement_on": START,
            "jim_consent_on": START, "asked_on": START} | kwargs
    return jim.register(t, **data)


def test_jim_chosen_by_youth_is_registered_without_a_trajectory(gz):
    t, fam = setup()
    record, warnings = register(t, fam)
    assert warnings == []
    involvement = Involvement.get_by_id(record.involvement_id)
    assert (involvement.role, involvement.kind, involvement.trajectory_id, involvement.is_professional) == (
        "klantroute.jim", "informal", None, False)


@pytest.mark.parametrize("kwargs, field", [
    ({"relation": "parent"}, "relation"),
    ({"relation": "moeder"}, "relation"),
    ({"name": "Anna Test", "relation": "vriendin"}, "relation"),   # a parent of this family under another label
    ({"chosen_by": "Anna"}, "chosen_by"),
    ({"parental_agreement_on": None}, "parental_agreement"),
    ({"parental_agreement_by": "Cas"}, "parental_agreement"),
    ({"jim_consent_on": None}, "jim_consent_on"),
])
def test_jim_refusals_save_nothing(gz, kwargs, field):
    t, fam = setup()
    for key in ("chosen_by", "parental_agreement_by"):
        if isinstance(kwargs.get(key), str):
            kwargs[key] = member(fam, kwargs[key])
    with pytest.raises(ValidationFailed) as info:
        register(t, fam, **kwargs)
    assert field in [p.field for p in info.value.problems]
    assert Jim.select().count() == 0
    assert not Involvement.select().where(Involvement.role == "klantroute.jim").exists()


def test_parent_jim_message_is_clear(gz):
    t, fam = setup()
    with pytest.raises(ValidationFailed) as info:
        register(t, fam, relation="parent")
    assert "a parent cannot be the JIM" in str(info.value)


def test_under_18_is_a_warning_and_still_saved(gz):
    t, fam = setup()
    with clock.frozen(START):
        record, warnings = register(t, fam, name="Sanne", relation="nicht", birth_date=dt.date(2010, 1, 1))
    assert [w.severity for w in warnings] == ["warning"] and "18" in warnings[0].message
    assert Jim.get_by_id(record.id).name == "Sanne"


def test_closing_the_route_does_not_end_the_jim(gz):
    t, fam = setup()
    record, _ = register(t, fam)
    route.move_step(t, "afgerond", end_reason_cbs="01")
    assert Involvement.get_by_id(record.involvement_id).ended_on is None
    assert Jim.get_by_id(record.id).ended_on is None
    responsible = Involvement.get((Involvement.trajectory == t) & (Involvement.role == "responsible"))
    assert responsible.ended_on is not None  # professionals change, the JIM stays


def test_jim_evaluation_every_two_months(gz):
    t, fam = setup()
    register(t, fam)
    signal = Signal.get((Signal.rule == "klantroute.jim_evaluation") & (Signal.status == "open"))
    assert signal.due_on == START + dt.timedelta(days=61)
    record = Jim.get()
    jim.evaluate(record, on=START + dt.timedelta(days=55))
    signal = Signal.get((Signal.rule == "klantroute.jim_evaluation") & (Signal.status == "open"))
    assert signal.due_on == START + dt.timedelta(days=55 + 61)
    jim.end(record)
    assert not Signal.select().where((Signal.rule == "klantroute.jim_evaluation") & (Signal.status == "open")).exists()
    with pytest.raises(ValidationFailed):
        jim.evaluate(Jim.get_by_id(record.id))
