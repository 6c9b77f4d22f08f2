"""The metrics report must match numbers computed by hand from the records the test creates."""

import datetime as dt

import pytest
from gezinsroute import clock
from gezinsroute.reports import Period
from gezinsroute_klantroute import jim, reports, route, steungezin
from gezinsroute_klantroute.testkit import ON_DEPLOYMENT, family, member, partner, worker

pytestmark = ON_DEPLOYMENT

TODAY = dt.date(2026, 6, 30)
PERIOD = Period(dt.date(2026, 1, 1), dt.date(2026, 6, 30))


def open_at(name, entry_point, received, owner):
    with clock.frozen(received):
        return route.open_route(family(name), entry_point=entry_point, question_text="vraag", owner=owner,
                                received_on=received)


@pytest.fixture
def records(gz):
    owner, colleague = worker("eigenaar"), worker("collega")
    with clock.frozen(TODAY):
        # A: school, answered after 4 days, closed in eigen_netwerk after 30 days -> solved light.
        a = open_at("Gezin A", "school", dt.date(2026, 2, 1), owner)
        route.record_first_answer(a, on=dt.date(2026, 2, 5))
        route.move_step(a, "eigen_netwerk", on=dt.date(2026, 2, 10))
        route.move_step(a, "afgerond", end_reason_cbs="01", on=dt.date(2026, 3, 3))
        # B: school, answered after 10 days, to maatwerk with two partners, closed there after 60 days.
        b = open_at("Gezin B", "school", dt.date(2026, 3, 1), owner)
        route.record_first_answer(b, on=dt.date(2026, 3, 11))
        for step in ("eigen_kracht", "eigen_netwerk", "steungezin_of_jim", "voorliggend_veld"):
            route.record_exploration(b, step=step, explored=True, reason_not_enough="te zwaar")
        route.move_step(b, "maatwerk")
        route.involve_partner(b, partner("swv-goeree-overflakkee"), on=dt.date(2026, 3, 20))
        route.involve_partner(b, partner("smw-goeree-overflakkee"), on=dt.date(2026, 3, 20))
        route.move_step(b, "afgerond", end_reason_cbs="01", on=dt.date(2026, 4, 30))
        # C: cjg, not yet answered, open, a colleague involved, a steungezin in trial and a JIM.
        c = open_at("Gezin C", "cjg", dt.date(2026, 5, 1), owner)
        from gezinsroute.services.involvements import add_involvement
        add_involvement(c.family, "colleague", worker=colleague, trajectory=c, started_on=dt.date(2026, 5, 2))
        req = steungezin.intake(c, support_needed="a", what_matters="b", expectations="c", can_offer="d")
        match = steungezin.propose(req, steungezin.register_support_family(name="Steungezin X",
                                                                            vog_on=dt.date(2026, 1, 1)))
        steungezin.record_visit(match, visited="asking")
        steungezin.record_visit(match, visited="support")
        steungezin.record_introduction(match, asking_family_go=True, support_family_go=True)
        fam = c.family
        jim.register(c, youth=member(fam, "Cas"), name="Henk", relation="buurman", chosen_by=member(fam, "Cas"),
                     parental_agreement_by=member(fam, "Anna"), parental_agreement_on=TODAY, jim_consent_on=TODAY)
        # D: outside the period: must not be counted.
        open_at("Gezin D", "school", dt.date(2025, 12, 20), owner)
    return a, b, c


def test_metrics_match_the_records(records):
    a, b, c = records
    with clock.frozen(TODAY):
        table = reports.metrics(PERIOD, suppress_small=False)
    rows = {r["entry_point"]: r for r in table.as_dicts()}
    assert set(rows) == {"school", "cjg", "total"}
    # professionals now: A and B closed -> 0 each; C: owner + colleague -> 2.
    # over the route: A owner -> 1; B owner + SWV + SMW -> 3; C owner + colleague -> 2.
    school, cjg, total = rows["school"], rows["cjg"], rows["total"]
    assert (school["questions"], cjg["questions"], total["questions"]) == (2, 1, 3)
    assert school["professionals_now_avg"] == 0.0 and cjg["professionals_now_avg"] == 2.0
    assert total["professionals_now_avg"] == round(2 / 3, 1)
    assert school["professionals_route_avg"] == 2.0 and total["professionals_route_avg"] == 2.0
    assert (school["answered"], school["days_to_first_answer_avg"]) == (2, 7.0)  # (4 + 10) / 2
    assert (cjg["answered"], cjg["days_to_first_answer_avg"]) == (0, None)
    assert (school["solved"], school["days_to_solution_avg"]) == (2, 45.0)  # (30 + 60) / 2
    assert (school["solved_light"], school["solved_light_pct"]) == (1, 50)
    assert (total["steungezin_families"], total["jim_families"]) == (1, 1)
    assert (school["steungezin_families"], school["jim_families"]) == (0, 0)


def test_metrics_computed_independently_agree(records):
    """A second, naive computation straight from the records gives the same total row."""
    from gezinsroute.models import Involvement, Trajectory
    from gezinsroute_klantroute.models import Question

    questions = [q for q in Question.select() if PERIOD.start <= q.received_on <= PERIOD.end]
    with clock.frozen(TODAY):
        now = [len({i.worker_id for i in Involvement.select().where(Involvement.family == q.family_id)
                    if i.is_professional and i.worker_id and i.ended_on is None})
               + len({i.partner_id for i in Involvement.select().where(Involvement.family == q.family_id)
                      if i.is_professional and i.partner_id and i.ended_on is None}) for q in questions]
        total = reports.metrics(PERIOD, suppress_small=False).as_dicts()[-1]
    answered = [(q.first_answer_on - q.received_on).days for q in questions if q.first_answer_on]
    ended = [Trajectory.get_by_id(q.trajectory_id) for q in questions]
    solved = [(t.ended_on - t.started_on).days for t in ended if t.ended_on]
    assert total["questions"] == len(questions)
    assert total["professionals_now_avg"] == round(sum(now) / len(now), 1)
    assert total["days_to_first_answer_avg"] == round(sum(answered) / len(answered), 1)
    assert total["days_to_solution_avg"] == round(sum(solved) / len(solved), 1)


def test_small_cells_are_suppressed_by_default(records):
    with clock.frozen(TODAY):
        rows = {r["entry_point"]: r for r in reports.metrics(PERIOD).as_dicts()}
    assert rows["school"]["questions"] == "<5" and rows["total"]["questions"] == "<5"
