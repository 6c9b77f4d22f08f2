import datetime as dt

import pytest
from gezinsroute import clock
from gezinsroute.errors import ValidationFailed
from gezinsroute.models import Involvement, Signal
from gezinsroute_klantroute import route, steungezin
from gezinsroute_klantroute.models import CoordinatorVisit, SupportMatch, SupportRequest
from gezinsroute_klantroute.testkit import ON_DEPLOYMENT, family, worker

pytestmark = ON_DEPLOYMENT

START = dt.date(2026, 2, 2)


def setup_match(vog_on=dt.date(2025, 12, 1)):
    with clock.frozen(START):
        t = route.open_route(family(), entry_point="cjg", question_text="een steungezin?", owner=worker(),
                             received_on=START)
    req = steungezin.intake(t, support_needed="een middag per week", what_matters="rust",
                            expectations="een warm tweede thuis", can_offer="helpen in de buurttuin", on=START)
    sf = steungezin.register_support_family(name="Steungezin De Vries", vog_on=vog_on, on=START)
    return t, steungezin.propose(req, sf, on=START)


def visits(match):
    steungezin.record_visit(match, visited="asking", on=START + dt.timedelta(days=2))
    steungezin.record_visit(match, visited="support", on=START + dt.timedelta(days=4))


def test_intake_needs_the_four_questions(gz):
    with clock.frozen(START):
        t = route.open_route(family(), entry_point="cjg", question_text="vraag", owner=worker(), received_on=START)
    with pytest.raises(ValidationFailed) as info:
        steungezin.intake(t, support_needed="x", what_matters="", expectations="y", can_offer="")
    assert {p.field for p in info.value.problems} == {"what_matters", "can_offer"}
    assert SupportRequest.select().count() == 0


def test_introduction_refused_without_vog(gz):
    _, match = setup_match(vog_on=None)
    visits(match)
    with pytest.raises(ValidationFailed) as info:
        steungezin.record_introduction(match, asking_family_go=True, support_family_go=True)
    assert "VOG" in str(info.value)
    assert SupportMatch.get_by_id(match.id).status == "proposed"


def test_introduction_refused_without_two_separate_visits(gz):
    _, match = setup_match()
    steungezin.record_visit(match, visited="asking")
    steungezin.record_visit(match, visited="asking")  # two visits, but both to the same family
    with pytest.raises(ValidationFailed) as info:
        steungezin.record_introduction(match, asking_family_go=True, support_family_go=True)
    assert "visits" in str(info.value)
    assert SupportMatch.get_by_id(match.id).introduction_on is None
    with pytest.raises(ValidationFailed):
        steungezin.record_visit(match, visited="somebody")
    assert CoordinatorVisit.select().count() == 2


def test_one_no_go_declines_the_match(gz):
    _, match = setup_match()
    visits(match)
    steungezin.record_introduction(match, asking_family_go=True, support_family_go=False)
    match = SupportMatch.get_by_id(match.id)
    assert match.status == "declined" and match.trial_start is None


def test_active_only_with_written_agreement_and_half_year_signal(gz):
    t, match = setup_match()
    with pytest.raises(ValidationFailed):  # no agreement before a trial
        steungezin.record_agreement(match, frequency="wekelijks", activities="spelen", house_rules_accepted=True)
    visits(match)
    steungezin.record_introduction(match, asking_family_go=True, support_family_go=True, on=START + dt.timedelta(7))
    match = SupportMatch.get_by_id(match.id)
    assert match.status == "trial" and match.trial_end == START + dt.timedelta(days=7 + 56)
    with pytest.raises(ValidationFailed) as info:
        steungezin.record_agreement(match, frequency="wekelijks", activities="spelen", house_rules_accepted=False)
    assert info.value.problems[0].field == "house_rules_accepted"
    assert SupportMatch.get_by_id(match.id).status == "trial"
    assert not Signal.select().where(Signal.rule == "klantroute.steungezin_evaluation").exists()
    agreed = START + dt.timedelta(days=70)
    steungezin.record_agreement(match, frequency="elke woensdag", activities="spelen", house_rules_accepted=True,
                                on=agreed)
    match = SupportMatch.get_by_id(match.id)
    assert match.status == "active"
    assert Involvement.get_by_id(match.involvement_id).role == "klantroute.steungezin"
    signal = Signal.get((Signal.rule == "klantroute.steungezin_evaluation") & (Signal.status == "open"))
    assert signal.due_on == agreed + dt.timedelta(days=183) and signal.trajectory_id == t.id
    steungezin.evaluate(match, asking_family_satisfied=True, support_family_satisfied=True, continue_match=True,
                        on=agreed + dt.timedelta(days=180))
    signal = Signal.get((Signal.rule == "klantroute.steungezin_evaluation") & (Signal.status == "open"))
    assert signal.due_on == agreed + dt.timedelta(days=180 + 183)


def test_stopping_at_evaluation_ends_match_and_signal(gz):
    _, match = setup_match()
    visits(match)
    steungezin.record_introduction(match, asking_family_go=True, support_family_go=True)
    steungezin.record_agreement(match, frequency="wekelijks", activities="spelen", house_rules_accepted=True)
    steungezin.evaluate(SupportMatch.get_by_id(match.id), asking_family_satisfied=False,
                        support_family_satisfied=True, continue_match=False)
    match = SupportMatch.get_by_id(match.id)
    assert match.status == "ended" and Involvement.get_by_id(match.involvement_id).ended_on is not None
    assert not Signal.select().where((Signal.rule == "klantroute.steungezin_evaluation")
                                     & (Signal.status == "open")).exists()
