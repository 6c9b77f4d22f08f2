"""REST API need-to-know: a family outside the worker's involvement is a 404 everywhere."""

import datetime as dt

import pytest
from gezinsroute.models import Family
from gezinsroute.services import contacts, plans, referrals, signals

from tests.api_helpers import World, bearer, make_worker
from tests.conftest import TOY

pytestmark = [pytest.mark.gezinsroute_plugins("toy"), pytest.mark.gezinsroute_extra_plugins(TOY)]

NOT_FOUND = {"errors": [{"field": None, "message": "not found", "severity": "error"}]}


@pytest.fixture
def world(gz):
    w = World()
    t = w.their_trajectory
    member = w.theirs.members[0]
    w.their_plan = plans.create_plan(t, "toy.plan", goals=[{"description": "Doel"}], worker=w.zed)
    w.their_contact = contacts.record_contact(w.theirs, "home_visit", trajectory=t, worker=w.zed)
    w.their_meeting = contacts.record_meeting("toy.review", trajectory=t, worker=w.zed)
    from gezinsroute.models import Partner
    partner = Partner.get(Partner.key == "jeugdfonds")
    w.their_referral = referrals.propose(t, partner, [member], legal_exception="vital_interest", worker=w.zed)
    w.their_signal = signals.raise_signal(rule="toy.adhoc", title="Zorg", trajectory=t)
    w.their_assessment = t.assessments.get()
    return w


def _out_of_scope_requests(w):
    f, t, p = w.theirs.id, w.their_trajectory.id, w.their_plan.id
    member_id = w.theirs.members[0].id
    return [
        ("get", f"/api/v1/families/{f}", None),
        ("get", f"/api/v1/families/{f}/members", None),
        ("post", f"/api/v1/families/{f}/members", {"role": "child", "given_name": "X", "family_name": "Y"}),
        ("get", f"/api/v1/families/{f}/contacts", None),
        ("get", f"/api/v1/families/{f}/meetings", None),
        ("get", f"/api/v1/trajectories/{t}", None),
        ("post", f"/api/v1/trajectories/{t}/transition", {"to_phase": "work", "lock_version": 1}),
        ("get", f"/api/v1/trajectories/{t}/referrals", None),
        ("get", f"/api/v1/trajectories/{t}/plans", None),
        ("get", f"/api/v1/trajectories/{t}/assessments", None),
        ("post", "/api/v1/trajectories", {"family_id": f, "methodology": "toy"}),
        ("get", f"/api/v1/plans/{p}", None),
        ("patch", f"/api/v1/plans/{p}", {"lock_version": 1, "title": "overwritten"}),
        ("post", f"/api/v1/plans/{p}/goals", {"description": "x"}),
        ("post", f"/api/v1/plans/{p}/signatures", {"party_name": "x", "party_role": "parent"}),
        ("post", f"/api/v1/plans/{p}/agree", {"lock_version": 1}),
        ("post", "/api/v1/plans", {"trajectory_id": t, "kind": "toy.plan"}),
        ("get", f"/api/v1/referrals/{w.their_referral.id}", None),
        ("post", f"/api/v1/referrals/{w.their_referral.id}/advance", {"status": "accepted"}),
        ("post", "/api/v1/referrals", {"trajectory_id": t, "partner_id": 1, "member_ids": [member_id],
                                        "legal_exception": "vital_interest"}),
        ("post", "/api/v1/assessments", {"trajectory_id": t, "instrument": "toy.check", "scores": {"a": "1"}}),
        ("get", f"/api/v1/contacts/{w.their_contact.id}", None),
        ("post", "/api/v1/contacts", {"family_id": f, "kind": "home_visit"}),
        ("get", f"/api/v1/meetings/{w.their_meeting.id}", None),
        ("post", "/api/v1/meetings", {"trajectory_id": t, "kind": "toy.review"}),
        ("post", "/api/v1/meetings", {"family_id": f, "kind": "toy.review"}),
        ("post", f"/api/v1/signals/{w.their_signal.id}/acknowledge", None),
    ]


def test_out_of_scope_family_is_404_on_every_resource(world, client):
    w = world
    before = Family.get_by_id(w.theirs.id).lock_version
    for method, url, body in _out_of_scope_requests(w):
        response = getattr(client, method)(url, headers=w.alice_auth, json=body)
        assert response.status_code == 404, (method, url, response.get_json())
        assert response.get_json() == NOT_FOUND, (method, url)
    # Same answer as an id that does not exist at all: nothing leaks.
    assert client.get("/api/v1/families/999999", headers=w.alice_auth).get_json() == NOT_FOUND
    assert plans.current_plan(w.their_trajectory, "toy.plan") is None
    assert Family.get_by_id(w.theirs.id).lock_version == before
    assert w.their_plan.__class__.get_by_id(w.their_plan.id).title != "overwritten"


def test_lists_exclude_out_of_scope(world, client):
    w = world
    for url in ("/api/v1/families", "/api/v1/trajectories", f"/api/v1/trajectories?family_id={w.theirs.id}",
                "/api/v1/signals?scope=team", "/api/v1/signals?scope=mine"):
        response = client.get(url, headers=w.alice_auth)
        assert response.status_code == 200
        items = response.get_json()["items"]
        assert all(i.get("family_id", i.get("id")) != w.theirs.id for i in items), url
        assert all(i.get("id") != w.their_trajectory.id for i in items if "methodology" in i), url
    families = client.get("/api/v1/families", headers=w.alice_auth).get_json()["items"]
    assert [f["id"] for f in families] == [w.mine.id]
    # Zed sees his own, not Alice's.
    families = client.get("/api/v1/families", headers=w.zed_auth).get_json()["items"]
    assert [f["id"] for f in families] == [w.theirs.id]


@pytest.mark.parametrize("role", ["app_admin", "policy_officer", "privacy_officer", "volunteer"])
def test_roles_without_case_access_get_404(world, client, role):
    w = world
    other = make_worker(f"x-{role}", role)
    from gezinsroute.services.involvements import add_involvement
    add_involvement(w.mine, "colleague", worker=other)  # even when involved
    headers = bearer(other)
    for url in (f"/api/v1/families/{w.mine.id}", f"/api/v1/trajectories/{w.my_trajectory.id}",
                "/api/v1/families", "/api/v1/trajectories", "/api/v1/signals"):
        response = client.get(url, headers=headers)
        assert response.status_code == 404, (role, url)
        assert response.get_json() == NOT_FOUND
    assert client.post("/api/v1/families", headers=headers, json={"name": "X"}).status_code == 404
    # Partners carry no family data.
    assert client.get("/api/v1/partners", headers=headers).status_code == 200


def test_teamleider_sees_families_of_team_workers(world, client):
    w = world
    lead = make_worker("lead", "teamleider", team="team-zuid")
    response = client.get("/api/v1/families", headers=bearer(lead))
    assert [f["id"] for f in response.get_json()["items"]] == [w.theirs.id]
    assert client.get(f"/api/v1/families/{w.mine.id}", headers=bearer(lead)).status_code == 404


def test_ended_involvement_ends_access(world, client):
    w = world
    from gezinsroute.models import Involvement
    from gezinsroute.services.involvements import end_involvement
    for involvement in Involvement.select().where(Involvement.worker == w.alice.id):
        end_involvement(involvement, dt.date(2000, 1, 1))
    assert client.get(f"/api/v1/families/{w.mine.id}", headers=w.alice_auth).status_code == 404
