import datetime as dt

import pytest
from gezinsroute.errors import TransitionRefused, ValidationFailed
from gezinsroute.models import Involvement, PhaseChange, Trajectory
from gezinsroute_klantroute import route
from gezinsroute_klantroute.models import NetworkPerson, Question, StepExploration, StepMove
from gezinsroute_klantroute.testkit import ON_DEPLOYMENT, family, partner, worker

pytestmark = ON_DEPLOYMENT

LIGHT = ["eigen_kracht", "eigen_netwerk", "steungezin_of_jim", "voorliggend_veld"]


def open_from_school(fam=None, owner=None, received_on=None):
    return route.open_route(fam or family(), entry_point="school", question_text="Onze zoon is erg moe op school",
                            owner=owner or worker(), entry_partner=partner("school-middelharnis"),
                            received_on=received_on or dt.date.today() - dt.timedelta(days=3))


def test_question_from_school_becomes_route_with_one_owner(gz):
    owner = worker(organisation="Schoolmaatschappelijk werk Goeree-Overflakkee")
    t = open_from_school(owner=owner)
    assert (t.methodology, t.phase, t.source, t.responsible_id) == ("klantroute", "eigen_kracht", "school", owner.id)
    q = Question.get(Question.trajectory == t)
    assert q.entry_point == "school" and q.entry_partner.key == "school-middelharnis"
    assert q.question_text == "Onze zoon is erg moe op school"
    assert q.owner_organisation == "Schoolmaatschappelijk werk Goeree-Overflakkee"
    responsible = Involvement.select().where((Involvement.family == t.family_id) & (Involvement.role == "responsible"))
    assert [i.worker_id for i in responsible] == [owner.id]


def test_a_family_has_one_open_route(gz):
    t = open_from_school()
    with pytest.raises(ValidationFailed):
        open_from_school(fam=t.family, owner=worker("tweede"))
    assert Question.select().where(Question.family == t.family_id).count() == 1


def test_change_owner_keeps_exactly_one(gz):
    t = open_from_school()
    new = worker("nieuw", organisation="MEE Goeree-Overflakkee")
    route.change_owner(t, new)
    active = Involvement.select().where((Involvement.trajectory == t) & (Involvement.role == "responsible")
                                        & Involvement.ended_on.is_null())
    assert [i.worker_id for i in active] == [new.id]
    assert Question.get(Question.trajectory == t).owner_organisation == "MEE Goeree-Overflakkee"


@pytest.mark.parametrize("kwargs, field", [
    ({"entry_point": "kapper"}, "entry_point"), ({"question_text": "  "}, "question_text"),
    ({"received_on": dt.date.today() + dt.timedelta(days=1)}, "received_on")])
def test_bad_question_is_refused_and_nothing_is_created(gz, kwargs, field):
    data = {"entry_point": "cjg", "question_text": "vraag", "owner": worker()} | kwargs
    with pytest.raises(ValidationFailed) as info:
        route.open_route(family(), **data)
    assert info.value.problems[0].field == field
    assert Trajectory.select().count() == 0 and Question.select().count() == 0


def test_jump_to_maatwerk_is_refused_with_reason_and_changes_nothing(gz):
    t = open_from_school()
    with pytest.raises(TransitionRefused) as info:
        route.move_step(t, "maatwerk", worker=t.responsible, reason="direct maatwerk")
    message = str(info.value)
    assert "maatwerk is refused" in message and "Own strength" in message and "Voorliggend veld" in message
    assert Trajectory.get_by_id(t.id).phase == "eigen_kracht"
    assert PhaseChange.select().where(PhaseChange.trajectory == t).count() == 1
    assert StepMove.select().count() == 0


def test_maatwerk_needs_every_lighter_step_with_a_reason(gz):
    t = open_from_school()
    for step in LIGHT[:-1]:
        route.record_exploration(t, step=step, explored=True, outcome="geprobeerd", reason_not_enough="te zwaar")
    route.record_exploration(t, step="voorliggend_veld", explored=False, outcome="niet geprobeerd")  # no reason
    with pytest.raises(TransitionRefused) as info:
        route.move_step(t, "maatwerk")
    assert "Voorliggend veld" in str(info.value) and "Own strength" not in str(info.value)
    route.record_exploration(t, step="voorliggend_veld", explored=False,
                             reason_not_enough="wachtlijst SMW; de zorg is acuut")
    route.move_step(t, "maatwerk", reason="arrangement SWV")
    assert Trajectory.get_by_id(t.id).phase == "maatwerk"


def test_maatwerk_is_not_a_lighter_step_to_explore(gz):
    t = open_from_school()
    with pytest.raises(ValidationFailed):
        route.record_exploration(t, step="maatwerk", explored=True, reason_not_enough="x")
    assert StepExploration.select().count() == 0


def test_afschalen_is_allowed_and_recorded(gz):
    t = open_from_school()
    route.move_step(t, "voorliggend_veld", reason="SMW pakt het op")
    route.move_step(t, "eigen_netwerk", reason="oma en buurvrouw helpen")
    moves = list(StepMove.select().order_by(StepMove.id))
    assert [(m.from_step, m.to_step, m.afschaling) for m in moves] == [
        ("eigen_kracht", "voorliggend_veld", False), ("voorliggend_veld", "eigen_netwerk", True)]
    change = PhaseChange.select().where(PhaseChange.trajectory == t).order_by(PhaseChange.id.desc()).first()
    assert (change.from_phase, change.to_phase, change.note) == ("voorliggend_veld", "eigen_netwerk",
                                                                 "oma en buurvrouw helpen")


def test_first_answer_rules(gz):
    t = open_from_school(received_on=dt.date.today() - dt.timedelta(days=10))
    with pytest.raises(ValidationFailed):
        route.record_first_answer(t, on=dt.date.today() - dt.timedelta(days=11))
    assert Question.get(Question.trajectory == t).first_answer_on is None
    route.record_first_answer(t, on=dt.date.today() - dt.timedelta(days=6))
    with pytest.raises(ValidationFailed):
        route.record_first_answer(t)
    assert Question.get(Question.trajectory == t).first_answer_on == dt.date.today() - dt.timedelta(days=6)


def test_own_network_inventory_is_informal(gz):
    t = open_from_school()
    with pytest.raises(ValidationFailed):
        route.add_network_person(t.family, name="Oma", relation=" ")
    person = route.add_network_person(t.family, name="Oma", relation="grootmoeder", can_do="haalt Cas uit school",
                                      trajectory=t)
    assert NetworkPerson.select().count() == 1 and person.can_do == "haalt Cas uit school"
    assert not Involvement.select().where(Involvement.person_name == "Oma").exists()


def test_partner_involvement_counts_as_professional(gz):
    from gezinsroute.services.involvements import professionals_now

    t = open_from_school()
    assert professionals_now(t.family_id) == 1
    route.involve_partner(t, partner("smw-goeree-overflakkee"))
    assert professionals_now(t.family_id) == 2


def test_closing_in_voorveld(gz):
    t = open_from_school()
    with pytest.raises(TransitionRefused):
        route.move_step(t, "afgerond")  # an end reason is needed
    route.move_step(t, "afgerond", end_reason_cbs="01", reason="vraag beantwoord")
    t = Trajectory.get_by_id(t.id)
    assert t.ended_on == dt.date.today() and t.phase == "afgerond"


def test_moves_made_on_core_screens_are_recorded_with_afschaling(gz):
    from gezinsroute.services import trajectories

    t = open_from_school()
    trajectories.transition(t, "voorliggend_veld", note="via het dossier")
    trajectories.transition(t, "eigen_kracht", note="terug naar eigen kracht")
    moves = list(StepMove.select().order_by(StepMove.id))
    assert [(m.from_step, m.to_step, m.afschaling, m.reason) for m in moves] == [
        ("eigen_kracht", "voorliggend_veld", False, "via het dossier"),
        ("voorliggend_veld", "eigen_kracht", True, "terug naar eigen kracht")]
    route.move_step(t, "eigen_netwerk")
    assert StepMove.select().count() == 3  # move_step records once, the event adds no duplicate
