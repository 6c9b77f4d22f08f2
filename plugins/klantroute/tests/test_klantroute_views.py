import datetime as dt

import pytest
from gezinsroute.models import Trajectory
from gezinsroute_klantroute import route
from gezinsroute_klantroute.models import Jim, Question, SupportRequest
from gezinsroute_klantroute.testkit import ON_DEPLOYMENT, family, log_in, member, partner, worker

pytestmark = ON_DEPLOYMENT


@pytest.fixture
def owner(app):
    me = worker()
    log_in(app, me)
    return me


def open_route(owner):
    return route.open_route(family(), entry_point="school", question_text="Moe op school", owner=owner,
                            entry_partner=partner("school-ouddorp"))


def test_new_question_from_school_becomes_a_route(client, owner):
    fam = family()
    from gezinsroute.services.involvements import add_involvement
    add_involvement(fam, "colleague", worker=owner)  # the worker who takes the question can see the family
    response = client.post(f"/klantroute/new/{fam.id}", data={
        "entry_point": "school", "entry_partner": str(partner("school-ouddorp").id),
        "question_text": "Onze dochter gaat niet graag naar school", "owner": str(owner.id),
        "received_on": dt.date.today().isoformat()})
    assert response.status_code == 302
    t = Trajectory.get(Trajectory.family == fam.id)
    assert (t.source, t.responsible_id) == ("school", owner.id)
    assert Question.get(Question.trajectory == t).question_text == "Onze dochter gaat niet graag naar school"


def test_new_question_refusal_is_shown(client, owner):
    fam = family()
    from gezinsroute.services.involvements import add_involvement
    add_involvement(fam, "colleague", worker=owner)
    response = client.post(f"/klantroute/new/{fam.id}", data={"entry_point": "school", "question_text": ""})
    assert response.status_code == 422 and "schrijf de vraag van het gezin op" in response.get_data(as_text=True)


def test_route_page_and_maatwerk_refusal_on_the_page(client, owner):
    t = open_route(owner)
    page = client.get(f"/klantroute/{t.id}").get_data(as_text=True)
    assert "Moe op school" in page and owner.full_name in page
    response = client.post(f"/klantroute/{t.id}/step", data={"to_step": "maatwerk", "reason": "snel"})
    assert response.status_code == 422
    assert "maatwerk is geweigerd" in response.get_data(as_text=True)
    assert Trajectory.get_by_id(t.id).phase == "eigen_kracht"


def test_route_forms_write(client, owner):
    t = open_route(owner)
    assert client.post(f"/klantroute/{t.id}/first-answer",
                       data={"first_answer_on": dt.date.today().isoformat()}).status_code == 302
    assert client.post(f"/klantroute/{t.id}/first-answer", data={"first_answer_on": "gisteren"}).status_code == 422
    assert client.post(f"/klantroute/{t.id}/network", data={"name": "Oma", "relation": "oma"}).status_code == 302
    assert client.post(f"/klantroute/{t.id}/exploration", data={
        "step": "eigen_kracht", "explored": "1", "reason_not_enough": "te zwaar"}).status_code == 302
    assert client.post(f"/klantroute/{t.id}/step", data={"to_step": "eigen_netwerk"}).status_code == 302
    assert Trajectory.get_by_id(t.id).phase == "eigen_netwerk"
    page = client.get(f"/klantroute/{t.id}").get_data(as_text=True)
    assert "Oma" in page and "te zwaar" in page


def test_steungezin_page(client, owner):
    t = open_route(owner)
    response = client.post(f"/klantroute/{t.id}/steungezin", data={"action": "intake", "support_needed": "x"})
    assert response.status_code == 422 and SupportRequest.select().count() == 0
    response = client.post(f"/klantroute/{t.id}/steungezin", data={
        "action": "intake", "support_needed": "een middag", "what_matters": "rust", "expectations": "warmte",
        "can_offer": "klussen"})
    assert response.status_code == 302
    assert "een middag" in client.get(f"/klantroute/{t.id}/steungezin").get_data(as_text=True)


def test_jim_parent_refused_on_the_page(client, owner):
    t = open_route(owner)
    fam = t.family
    data = {"youth": member(fam, "Cas").id, "chosen_by": member(fam, "Cas").id, "name": "Bert Test",
            "relation": "vader", "parental_agreement_by": member(fam, "Anna").id,
            "parental_agreement_on": dt.date.today().isoformat(), "jim_consent_on": dt.date.today().isoformat()}
    response = client.post(f"/klantroute/{t.id}/jim", data=data)
    assert response.status_code == 422 and "een ouder kan niet de JIM zijn" in response.get_data(as_text=True)
    assert Jim.select().count() == 0
    response = client.post(f"/klantroute/{t.id}/jim", data=data | {"name": "Ria", "relation": "tante",
                                                                  "birth_date": "2010-01-01"})
    assert response.status_code == 200 and "18" in response.get_data(as_text=True)
    assert Jim.select().count() == 1


def test_printable_overview_in_dutch(client, owner):
    t = open_route(owner)
    page = client.get(f"/klantroute/{t.id}/overzicht").get_data(as_text=True)
    assert "Moe op school" in page and owner.full_name in page and "@media print" in page
    assert "Uw contactpersoon" in page


def test_other_workers_get_404(app, client):
    t = open_route(worker())
    log_in(app, worker("vreemde"))
    assert client.get(f"/klantroute/{t.id}").status_code == 404


def test_dossier_hooks(gz, owner, app):
    t = open_route(owner)
    with app.test_request_context():
        results = dict(gz.call("trajectory_actions", trajectory=t, worker=owner))
        panels = dict(gz.call("family_panels", family=t.family, worker=owner))
    assert any(a.url.endswith(f"/klantroute/{t.id}") for a in results["klantroute"])
    assert "Moe op school" in str(panels["klantroute"][0].html)


def _acting(app):
    """Switch the signed-in worker between requests (every permission; need-to-know still applies)."""
    import flask

    holder = {}

    def _as_worker():
        who = holder.get("worker")
        flask.g.worker = who
        flask.g.roles = {"worker", "app_admin"}
        flask.g.permission_checker = lambda worker, permission: worker is who

    app.before_request(_as_worker)
    return holder


def test_admin_steungezin_and_jim_rows_are_need_to_know(app, client):
    """Regression: the admin views of steungezin matches, coordinator visits, match and JIM evaluations
    have no family key of their own and were open to anyone with admin.manage, for every family."""
    from gezinsroute_klantroute import jim, steungezin
    from gezinsroute_klantroute.models import MatchEvaluation

    holder = _acting(app)
    owner, outsider = worker(), worker("buiten")
    t = open_route(owner)
    request = steungezin.intake(t, support_needed="een middag", what_matters="rust", expectations="warm",
                                can_offer="tuin")
    match = steungezin.propose(request, steungezin.register_support_family(name="Steungezin Lindeboom",
                                                                           vog_on=dt.date.today()))
    steungezin.record_visit(match, visited="asking", coordinator=owner, notes="bezoek bij Lindeboom")
    MatchEvaluation.create(match=match, held_on=dt.date.today(), asking_family_satisfied=True,
                           support_family_satisfied=True, continue_match=True, notes="evaluatie Lindeboom")
    fam = t.family
    youth = member(fam, "Cas")
    record, _warnings = jim.register(t, youth=youth, name="Jim Lindeboom", relation="buurman", chosen_by=youth,
                                     birth_date=dt.date(1970, 1, 1), parental_agreement_by=member(fam, "Anna"),
                                     parental_agreement_on=dt.date.today(), jim_consent_on=dt.date.today())
    jim.evaluate(record, notes="evaluatie Lindeboom")
    views = ("klantroute_support_match", "klantroute_coordinator_visit", "klantroute_match_evaluation",
             "klantroute_jim_evaluation")
    holder["worker"] = owner
    for view in views:
        assert "Lindeboom" in client.get(f"/beheer/{view}/").get_data(as_text=True), view
    holder["worker"] = outsider
    for view in views:
        listing = client.get(f"/beheer/{view}/")
        assert listing.status_code == 200 and "Lindeboom" not in listing.get_data(as_text=True), view
        export = client.get(f"/beheer/{view}/export/csv/")
        assert "Lindeboom" not in export.get_data(as_text=True), view
    assert client.get(f"/beheer/klantroute_support_match/details/?id={match.id}").status_code == 302


def test_admin_edit_form_lists_only_visible_families(app, client):
    """Regression: the family and trajectory select boxes of an admin edit form listed every family."""
    from gezinsroute_klantroute.models import NetworkPerson

    holder = _acting(app)
    owner = worker()
    t = open_route(owner)
    other = route.open_route(family("Gezin Kwartelkoning"), entry_point="school", question_text="x",
                             owner=worker("ander"))
    assert other.family.name == "Gezin Kwartelkoning"
    person = route.add_network_person(t.family, name="Oma", relation="oma", trajectory=t)
    holder["worker"] = owner
    form = client.get(f"/beheer/klantroute_network_person/edit/?id={person.id}")
    assert form.status_code == 200 and NetworkPerson.get_by_id(person.id).family_id == t.family_id
    assert "Gezin Test" in form.get_data(as_text=True)
    assert "Kwartelkoning" not in form.get_data(as_text=True)
    moved = client.post(f"/beheer/klantroute_network_person/edit/?id={person.id}",
                        data={"family": other.family_id, "trajectory": other.id, "name": "Oma", "relation": "oma"})
    assert moved.status_code == 200  # refused: not a valid choice
    assert NetworkPerson.get_by_id(person.id).family_id == t.family_id
