"""Screens: the volunteer sees only their own match; pseudonyms on the casuïstiek page; refusals on the page."""

import datetime as dt

import flask
import pytest
from gezinsroute.plugin_api import Signal, clock
from gezinsroute_inwonerskracht import services
from gezinsroute_inwonerskracht.models import MatchNote
from inwonerskracht_helpers import DEPLOYMENT, FAKEBASE, give_consent, make_worker

pytestmark = [pytest.mark.gezinsroute_deployment(DEPLOYMENT), pytest.mark.gezinsroute_extra_plugins(FAKEBASE)]
TODAY = dt.date(2026, 3, 2)
CURRENT = {}


@pytest.fixture(autouse=True)
def frozen_today():
    with clock.frozen(TODAY):
        yield


def _sign_in():
    """Stand in for the real login: the worker, their roles and the permissions those roles grant."""
    worker = CURRENT.get("worker")
    flask.g.worker = worker
    if worker is not None:
        from gezinsroute.permissions import permissions_for
        from gezinsroute.plugin_api import registry

        flask.g.roles = worker.roles
        flask.g.permissions = permissions_for(worker.roles, registry())


@pytest.fixture
def login(app):
    app.before_request(_sign_in)

    def as_(worker):
        CURRENT["worker"] = worker
    yield as_
    CURRENT.clear()


def make_match(trajectory, config, manager, name, username):
    account = make_worker(username, "volunteer")
    volunteer = services.register_volunteer(config, display_name=name, vog_date=dt.date(2025, 6, 1),
                                            intake_date=dt.date(2025, 7, 1), worker=account)
    q = services.add_help_question(trajectory, config, question=f"Vraag voor {name}", kind="practical",
                                   horizon="long", involve_volunteers=True)
    return services.match_volunteer(q, volunteer, config, tasks=f"Taken van {name}", approved_by=manager), account


def test_volunteer_sees_only_own_match(client, login, trajectory, config, manager):
    give_consent(trajectory)
    mine, me = make_match(trajectory, config, manager, "Vera", "vera")
    theirs, _ = make_match(trajectory, config, manager, "Wim", "wim")
    login(me)
    page = client.get("/inwonerskracht/mijn-match")
    assert page.status_code == 200
    detail = client.get(f"/inwonerskracht/mijn-match/{mine.id}").get_data(as_text=True)
    assert "Taken van Vera" in detail and "Taken van Wim" not in detail
    assert client.get(f"/inwonerskracht/mijn-match/{theirs.id}").status_code == 404
    assert client.get(f"/inwonerskracht/trajectory/{trajectory.id}").status_code == 404  # no case file
    assert client.get(f"/inwonerskracht/trajectory/{trajectory.id}/factsheet").status_code == 404
    assert client.get("/inwonerskracht/volunteers").status_code == 404


def test_volunteer_notes_and_safety_concern(client, login, trajectory, config, manager):
    give_consent(trajectory)
    match, me = make_match(trajectory, config, manager, "Vera", "vera")
    login(me)
    client.post(f"/inwonerskracht/mijn-match/{match.id}", data={"kind": "note", "note": "Samen gefietst",
                                                                 "hours": "2"})
    assert MatchNote.get(MatchNote.match == match).hours == 2
    refused = client.post(f"/inwonerskracht/mijn-match/{match.id}", data={"kind": "note", "note": "x", "hours": "99"},
                          follow_redirects=True)
    assert refused.status_code == 200 and "between 0 and 24" in refused.get_data(as_text=True) or \
        "tussen 0 en 24" in refused.get_data(as_text=True)
    client.post(f"/inwonerskracht/mijn-match/{match.id}", data={"kind": "safety", "text": "Zorgen om Tim"})
    signal = Signal.get(Signal.rule == "inwonerskracht.safety")
    assert signal.priority == "high" and signal.requires_ack
    login(manager)
    response = client.get(f"/inwonerskracht/trajectory/{trajectory.id}")
    page = response.get_data(as_text=True)
    assert "Zorgen om Tim" in page, (response.status_code, page[page.find("<main"):][:800])
    client.post(f"/inwonerskracht/trajectory/{trajectory.id}/signal/{signal.id}/acknowledge")
    assert Signal.get_by_id(signal.id).status == "done"


def test_refused_match_shows_reason_not_500(client, login, trajectory, config, manager):
    volunteer = services.register_volunteer(config, display_name="Zonder VOG")
    q = services.add_help_question(trajectory, config, question="Tuin", kind="practical", horizon="short",
                                   involve_volunteers=True)
    login(manager)
    page = client.post(f"/inwonerskracht/trajectory/{trajectory.id}/match",
                       data={"help_question": q.id, "volunteer": volunteer.id, "tasks": "Tuin"},
                       follow_redirects=True)
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "VOG" in text
    assert "Zonder VOG" in text


def test_casuistiek_page_shows_pseudonyms_never_names(client, login, trajectory, config, manager):
    services.add_help_question(trajectory, config, question="Tuin", kind="practical", horizon="short",
                               involve_volunteers=False)
    login(manager)
    created = client.post("/inwonerskracht/casuistiek", data={"held_on": "2026-03-01",
                                                              "participants": "Wijkteam, lokaal veld"})
    assert created.status_code == 302
    meeting_id = int(created.headers["Location"].rstrip("/").rsplit("/", 1)[1])
    client.post(f"/inwonerskracht/casuistiek/{meeting_id}", data={"trajectory": trajectory.id,
                                                                 "volunteer_dilemmas": "Grenzen bewaken"})
    volunteer_account = make_worker("extern", "volunteer")
    login(volunteer_account)
    page = client.get(f"/inwonerskracht/casuistiek/{meeting_id}").get_data(as_text=True)
    assert "Casus 1" in page and "Grenzen bewaken" in page
    assert "Zeeuw" not in page and "Ria" not in page and "Tim" not in page
    assert client.post(f"/inwonerskracht/casuistiek/{meeting_id}",
                       data={"trajectory": trajectory.id}).status_code == 404


def test_factsheet_has_no_names_or_dates(client, login, trajectory, config, manager):
    services.add_help_question(trajectory, config, question="Tuin", kind="practical", horizon="short",
                               involve_volunteers=False)
    services.add_nuisance_report(trajectory, config, reported_on=dt.date(2025, 11, 20), source="police")
    login(manager)
    page = client.get(f"/inwonerskracht/trajectory/{trajectory.id}/factsheet").get_data(as_text=True)
    assert "Zeeuw" not in page and "2025" not in page and "2026" not in page
    assert "police" in page and "-1" in page


def test_dossier_hooks(gz, app, trajectory, config, manager):
    services.add_help_question(trajectory, config, question="Hulp <b>tuin</b>", kind="practical",
                               horizon="short", involve_volunteers=True)
    with app.test_request_context():
        actions = [a for _, result in gz.call("trajectory_actions", trajectory=trajectory, worker=manager)
                   for a in result]
        panels = [p for _, result in gz.call("family_panels", family=trajectory.family, worker=manager)
                  for p in result]
    assert any(f"/inwonerskracht/trajectory/{trajectory.id}" in a.url for a in actions)
    assert "&lt;b&gt;tuin" in str(panels[0].html)
