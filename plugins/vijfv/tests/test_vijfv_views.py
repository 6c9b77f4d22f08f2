"""The worksheet: forms, refusals shown on the page (422, nothing changed), dossier hooks."""

import flask
import pytest
from gezinsroute import permissions
from gezinsroute.models import Trajectory
from gezinsroute.runtime import current

from .test_vijfv_flow import open_vijfv

pytestmark = pytest.mark.gezinsroute_plugins("vijfv")


def login(app, worker):
    """Stand in for the real login: the worker, their roles and the permissions those give."""

    def _as_worker():
        flask.g.worker = worker
        flask.g.roles = worker.roles
        flask.g.permissions = permissions.permissions_for(worker.roles, current().registry)

    app.before_request(_as_worker)


@pytest.fixture
def logged_in(app):
    t, worker = open_vijfv()
    login(app, worker)
    return t, worker


def test_worksheet_shows_current_step(client, logged_in):
    t, _ = logged_in
    response = client.get(f"/vijfv/trajectory/{t.id}?lang=en")
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert "5V worksheet" in body and "Vinden (find)" in body


def test_refused_transition_is_shown_and_changes_nothing(client, logged_in):
    t, _ = logged_in
    response = client.post(f"/vijfv/trajectory/{t.id}/transition?lang=en", data={"to_phase": "bevragen"})
    assert response.status_code == 422
    assert "vindplaats" in response.get_data(as_text=True)
    assert Trajectory.get_by_id(t.id).phase == "vinden"


def test_forms_move_the_trajectory_on(client, logged_in):
    t, _ = logged_in
    assert client.post(f"/vijfv/trajectory/{t.id}/vindplaats", data={"source": "voorschool"}).status_code == 302
    assert client.post(f"/vijfv/trajectory/{t.id}/transition", data={"to_phase": "bevragen"}).status_code == 302
    data = {"variant": "korte", "kind.f1": "strength", "ouders.f2": "concern", "conclusion": "aanvullende_zorg"}
    assert client.post(f"/vijfv/trajectory/{t.id}/giz", data=data).status_code == 302
    assert client.post(f"/vijfv/trajectory/{t.id}/transition", data={"to_phase": "verbinden"}).status_code == 302
    assert Trajectory.get_by_id(t.id).phase == "verbinden"
    response = client.post(f"/vijfv/trajectory/{t.id}/progress", data={"trend": "stable", "summary": ""})
    assert response.status_code == 422
    page = client.get(f"/vijfv/trajectory/{t.id}").get_data(as_text=True)
    assert "korte" in page or "Korte" in page


def test_other_worker_gets_404(app, client):
    t, _ = open_vijfv()
    stranger = open_vijfv()[1]
    login(app, stranger)
    assert client.get(f"/vijfv/trajectory/{t.id}").status_code == 404


def test_dossier_hooks(app, logged_in):
    t, worker = logged_in
    with app.test_request_context():
        actions = [a for _p, result in current().call("trajectory_actions", trajectory=t, worker=worker)
                   for a in result]
        panels = [p for _p, result in current().call("family_panels", family=t.family, worker=worker) for p in result]
    assert any(a.url == f"/vijfv/trajectory/{t.id}" for a in actions)
    assert len(panels) == 1 and "5V" in str(panels[0].html)


def test_referrer_report_page_refuses_without_consent(app, client):
    from gezinsroute.services import consent

    from .test_vijfv_reports import completed_trajectory

    # Evaluated, not yet closed: closing ends the worker's involvement (and with it access).
    t, school = completed_trajectory(close=False)
    login(app, t.responsible)
    response = client.get(f"/vijfv/trajectory/{t.id}/referrer-report?lang=en")
    assert response.status_code == 422
    assert "no consent to share results" in response.get_data(as_text=True)
    parent = next(m for m in t.family.members if m.role == "parent")
    for child in (m for m in t.family.members if m.role == "child"):
        consent.record_consent(child, [parent], purpose="results", partner=school)
    response = client.get(f"/vijfv/trajectory/{t.id}/referrer-report?lang=en")
    assert response.status_code == 200
    assert "VoorleesExpress" in response.get_data(as_text=True)


def test_closing_from_the_worksheet_uses_the_evaluation_end_reason(client, logged_in):
    from gezinsroute_vijfv import services

    t, _ = logged_in
    refused = client.post(f"/vijfv/trajectory/{t.id}/transition?lang=en", data={"to_phase": "voltooien"})
    assert refused.status_code == 422 and "evaluation" in refused.get_data(as_text=True)
    services.record_evaluation(t, results={}, impact="Gezin niet bereikt.", end_reason_cbs="05")
    assert client.post(f"/vijfv/trajectory/{t.id}/transition", data={"to_phase": "voltooien"}).status_code == 302
    fresh = Trajectory.get_by_id(t.id)
    assert (fresh.phase, fresh.end_reason_cbs) == ("voltooien", "05")


def test_worksheet_is_dutch_by_default(client, logged_in):
    t, _ = logged_in
    body = client.get(f"/vijfv/trajectory/{t.id}").get_data(as_text=True)
    assert "5V-werkblad" in body and "Vindplaats" in body


def test_admin_progress_form_offers_only_visible_families_members(app, client, logged_in):
    """Regression: the member and trajectory select boxes of the admin edit form listed every family."""
    import datetime as dt

    from gezinsroute.services import families
    from gezinsroute_vijfv import services

    from .test_vijfv_flow import to_phase

    t, worker = logged_in
    to_phase(t, worker, "volgen")
    child = next(m for m in t.family.members if m.role == "child")
    progress = services.record_progress(t, trend="improving", summary="gaat goed", member=child, worker=worker)
    open_vijfv(families.create_family("Gezin Kwartelkoning", area="WK999901", members=[
        {"role": "child", "given_name": "Philomena", "family_name": "Kwartelkoning",
         "birth_date": dt.date(2017, 1, 1)}]))
    page = client.get(f"/beheer/vijfv_progress/edit/?id={progress.id}")
    assert page.status_code == 200
    body = page.get_data(as_text=True)
    assert child.given_name in body
    assert "Philomena" not in body and "Kwartelkoning" not in body
