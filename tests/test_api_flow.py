"""REST API flows: transitions, plans with optimistic locking, referrals, assessments,
contacts, meetings, signals, partners; audit of reads; keyset pagination."""

import pytest
from gezinsroute.models import AuditEntry, Partner, PhaseChange, Plan, Signal, Trajectory
from gezinsroute.services import families, signals
from gezinsroute.services.involvements import add_involvement

from tests.api_helpers import World
from tests.conftest import TOY

pytestmark = [pytest.mark.gezinsroute_plugins("toy"), pytest.mark.gezinsroute_extra_plugins(TOY)]


@pytest.fixture
def world(gz):
    return World()


def api(client, w, method, url, body=None, status=200):
    response = getattr(client, method)(f"/api/v1{url}", headers=w.alice_auth, json=body)
    assert response.status_code == status, (method, url, response.status_code, response.get_json())
    return response.get_json()


def test_transition_refused_422_changes_nothing(world, client):
    w = world
    t = api(client, w, "get", f"/trajectories/{w.my_trajectory.id}")
    audit_before = AuditEntry.select().where(AuditEntry.action != "R").count()
    body = api(client, w, "post", f"/trajectories/{t['id']}/transition",
               {"to_phase": "work", "lock_version": t["lock_version"]}, status=422)
    assert body["errors"] == [{"field": "to_phase", "message": "record a toy check before starting the work",
                               "severity": "error"}]
    stored = Trajectory.get_by_id(t["id"])
    assert (stored.phase, stored.lock_version) == ("intake", t["lock_version"])
    assert PhaseChange.select().where(PhaseChange.trajectory == stored.id).count() == 1
    assert AuditEntry.select().where(AuditEntry.action != "R").count() == audit_before
    # A phase that does not follow, and closing without an end reason, are refused too.
    refused = api(client, w, "post", f"/trajectories/{t['id']}/transition",
                  {"to_phase": "nowhere", "lock_version": t["lock_version"]}, status=422)
    assert refused["errors"][0]["field"] == "to_phase"
    api(client, w, "post", f"/trajectories/{t['id']}/transition",
        {"to_phase": "closed", "lock_version": t["lock_version"]}, status=422)


def test_transition_with_lock_version_and_stale_409(world, client):
    w = world
    t = api(client, w, "get", f"/trajectories/{w.my_trajectory.id}")
    api(client, w, "post", "/assessments", {"trajectory_id": t["id"], "instrument": "toy.check",
                                            "scores": {"a": "1", "b": "2"}}, status=201)
    result = api(client, w, "post", f"/trajectories/{t['id']}/transition",
                 {"to_phase": "work", "note": "start", "lock_version": t["lock_version"]})
    assert result["trajectory"]["phase"] == "work"
    assert result["warnings"] == [{"field": None, "message": "just a warning", "severity": "warning"}]
    assert result["trajectory"]["lock_version"] == t["lock_version"] + 1
    stale = api(client, w, "post", f"/trajectories/{t['id']}/transition",
                {"to_phase": "closed", "end_reason_cbs": "01", "lock_version": t["lock_version"]}, status=409)
    assert stale["errors"][0]["message"]
    assert Trajectory.get_by_id(t["id"]).phase == "work"
    closed = api(client, w, "post", f"/trajectories/{t['id']}/transition",
                 {"to_phase": "closed", "end_reason_jz588": "31", "lock_version": t["lock_version"] + 1})
    assert closed["trajectory"]["end_reason_cbs"] == "01" and closed["trajectory"]["ended_on"]


def test_two_concurrent_plan_edits_one_wins_one_409(world, client):
    w = world
    plan = api(client, w, "post", "/plans", {"trajectory_id": w.my_trajectory.id, "kind": "toy.plan",
                                             "title": "Gezinsplan", "goals": [{"description": "Naar school"}]},
               status=201)
    # Both clients read the same version...
    first = api(client, w, "get", f"/plans/{plan['id']}")
    second = api(client, w, "get", f"/plans/{plan['id']}")
    assert first["lock_version"] == second["lock_version"]
    # ...and both send a change: one 200, the other 409, nothing overwritten.
    ok = api(client, w, "patch", f"/plans/{plan['id']}",
             {"lock_version": first["lock_version"], "title": "Versie A", "content": {"a": 1}})
    conflict = api(client, w, "patch", f"/plans/{plan['id']}",
                   {"lock_version": second["lock_version"], "title": "Versie B"}, status=409)
    assert ok["title"] == "Versie A" and ok["lock_version"] == first["lock_version"] + 1
    assert conflict["errors"][0]["field"] == "lock_version"
    stored = Plan.get_by_id(plan["id"])
    assert (stored.title, stored.content, stored.lock_version) == ("Versie A", {"a": 1}, ok["lock_version"])
    # Agreeing with the stale version is refused too; with the current one (after signing) it succeeds.
    api(client, w, "post", f"/plans/{plan['id']}/agree", {"lock_version": first["lock_version"]}, status=409)
    assert api(client, w, "post", f"/plans/{plan['id']}/agree", {"lock_version": ok["lock_version"]},
               status=422)["errors"][0]["field"] == "signatures"
    member = w.mine.members[0]
    api(client, w, "post", f"/plans/{plan['id']}/signatures",
        {"party_name": "Anna", "party_role": "parent", "member_id": member.id}, status=201)
    api(client, w, "post", f"/plans/{plan['id']}/goals", {"description": "Tweede doel"}, status=201)
    agreed = api(client, w, "post", f"/plans/{plan['id']}/agree", {"lock_version": ok["lock_version"]})
    assert agreed["plan"]["status"] == "agreed" and len(agreed["plan"]["goals"]) == 2
    assert len(agreed["plan"]["signatures"]) == 1
    # An agreed plan is immutable.
    api(client, w, "patch", f"/plans/{plan['id']}", {"lock_version": agreed["plan"]["lock_version"],
                                                     "title": "Later"}, status=422)
    listed = api(client, w, "get", f"/trajectories/{w.my_trajectory.id}/plans")
    assert [p["id"] for p in listed["items"]] == [plan["id"]]


def test_every_read_of_family_data_is_audited(world, client):
    w = world
    extra = families.create_family("Gezin Twee")
    add_involvement(extra, "colleague", worker=w.alice)

    def reads():
        return [(e.object_type, e.object_id, e.family_id, e.user_id)
                for e in AuditEntry.select().where(AuditEntry.action == "R").order_by(AuditEntry.id)]

    before = len(reads())
    api(client, w, "get", f"/families/{w.mine.id}")
    new = reads()[before:]
    assert new == [("family", str(w.mine.id), w.mine.id, w.alice.id)]
    before = len(reads())
    listed = api(client, w, "get", "/families")
    new = reads()[before:]
    assert sorted(new) == sorted(("family", str(f["id"]), f["id"], w.alice.id) for f in listed["items"])
    assert len(new) == 2
    before = len(reads())
    api(client, w, "get", f"/trajectories/{w.my_trajectory.id}")
    assert reads()[before:] == [("trajectory", str(w.my_trajectory.id), w.mine.id, w.alice.id)]
    before = len(reads())
    members = api(client, w, "get", f"/families/{w.mine.id}/members")
    assert len(reads()) - before == len(members["items"]) == 2
    # A refused (404) read writes nothing in the caller's name.
    before = len(reads())
    client.get(f"/api/v1/families/{w.theirs.id}", headers=w.alice_auth)
    assert len(reads()) == before


def test_keyset_pagination(world, client):
    w = world
    for i in range(5):
        family = families.create_family(f"Gezin {i}")
        add_involvement(family, "colleague", worker=w.alice)
    seen, after, pages = [], None, 0
    while True:
        query = "?limit=2" + (f"&after={after}" if after else "")
        page = api(client, w, "get", f"/families{query}")
        pages += 1
        seen += [f["id"] for f in page["items"]]
        after = page["next_after"]
        if after is None:
            break
    assert pages == 3 and len(seen) == 6 and seen == sorted(seen)
    for bad in ("?limit=0", "?limit=101", "?after=-1", "?limit=abc"):
        body = api(client, w, "get", f"/families{bad}", status=422)
        assert body["errors"][0]["field"] in ("limit", "after")


def test_families_members_and_validation(world, client):
    w = world
    created = api(client, w, "post", "/families", {
        "name": "Gezin Nieuw", "postcode": "2311ez", "area": "WK999901",
        "members": [{"role": "parent", "given_name": "Piet", "family_name": "Nieuw", "has_authority": True}]},
        status=201)
    assert created["postcode"] == "2311 EZ" and len(created["members"]) == 1
    assert api(client, w, "get", f"/families/{created['id']}")["name"] == "Gezin Nieuw"
    bad = api(client, w, "post", f"/families/{created['id']}/members",
              {"role": "child", "given_name": "K", "family_name": "N", "bsn": "123456789"}, status=422)
    assert bad["errors"][0]["field"] == "bsn"
    bad = api(client, w, "post", "/families", {"name": "X", "members": [{"role": "boss"}]}, status=422)
    assert {e["field"] for e in bad["errors"]} >= {"members.0.role", "members.0.given_name"}
    bad = api(client, w, "post", "/families", {"name": "X", "postcode": "nope"}, status=422)
    assert bad["errors"][0]["field"] == "postcode"


def test_open_trajectory_single_open_rule(world, client):
    w = world
    body = api(client, w, "post", "/trajectories", {"family_id": w.mine.id, "methodology": "toy"}, status=422)
    assert body["errors"][0]["field"] == "methodology"
    family = families.create_family("Gezin Open", members=[
        {"role": "child", "given_name": "A", "family_name": "O"}])
    add_involvement(family, "colleague", worker=w.alice)
    opened = api(client, w, "post", "/trajectories", {"family_id": family.id, "methodology": "toy"}, status=201)
    assert opened["phase"] == "intake" and opened["responsible_id"] == w.alice.id
    listed = api(client, w, "get", f"/trajectories?family_id={family.id}&open=true")
    assert [t["id"] for t in listed["items"]] == [opened["id"]]


def test_referral_propose_needs_consent_then_advance(world, client):
    w = world
    partner = Partner.get(Partner.key == "jeugdfonds")
    child = [m for m in w.mine.members if m.role == "child"][0]
    body = {"trajectory_id": w.my_trajectory.id, "partner_id": partner.id, "member_ids": [child.id]}
    refused = api(client, w, "post", "/referrals", body, status=422)
    assert refused["errors"][0]["field"] == "consent"
    other_member = w.theirs.members[0].id
    refused = api(client, w, "post", "/referrals", {**body, "member_ids": [other_member]}, status=422)
    assert refused["errors"] == [{"field": "member_ids", "message": f"unknown member {other_member}",
                                  "severity": "error"}]
    referral = api(client, w, "post", "/referrals", {**body, "legal_exception": "vital_interest"}, status=201)
    assert referral["status"] == "proposed" and referral["member_ids"] == [child.id]
    accepted = api(client, w, "post", f"/referrals/{referral['id']}/advance", {"status": "accepted"})
    assert accepted["status"] == "accepted" and accepted["accepted_on"]
    api(client, w, "post", f"/referrals/{referral['id']}/advance", {"status": "ended"}, status=422)
    api(client, w, "post", f"/referrals/{referral['id']}/advance",
        {"status": "started", "lock_version": referral["lock_version"]}, status=409)
    assert api(client, w, "get", f"/referrals/{referral['id']}")["status"] == "accepted"
    listed = api(client, w, "get", f"/trajectories/{w.my_trajectory.id}/referrals")
    assert [r["id"] for r in listed["items"]] == [referral["id"]]


def test_assessments_contacts_meetings(world, client):
    w = world
    t = w.my_trajectory.id
    bad = api(client, w, "post", "/assessments", {"trajectory_id": t, "instrument": "toy.check",
                                                  "scores": {"zz": "1"}}, status=422)
    assert bad["errors"][0]["field"] == "scores.zz"
    recorded = api(client, w, "post", "/assessments", {"trajectory_id": t, "instrument": "toy.check",
                                                       "scores": {"a": "2"}}, status=201)
    assert recorded["outcome"] == "concern" and recorded["assessor_id"] == w.alice.id
    listed = api(client, w, "get", f"/trajectories/{t}/assessments")
    assert [a["id"] for a in listed["items"]] == [recorded["id"]]
    contact = api(client, w, "post", "/contacts", {
        "family_id": w.mine.id, "trajectory_id": t, "kind": "home_visit", "summary": "Goed gesprek",
        "member_ids": [m.id for m in w.mine.members], "duration_minutes": 45}, status=201)
    assert api(client, w, "get", f"/contacts/{contact['id']}")["summary"] == "Goed gesprek"
    assert [c["id"] for c in api(client, w, "get", f"/families/{w.mine.id}/contacts")["items"]] == [contact["id"]]
    api(client, w, "post", "/contacts", {"family_id": w.mine.id, "kind": "telepathy"}, status=422)
    meeting = api(client, w, "post", "/meetings", {
        "trajectory_id": t, "kind": "toy.review", "decisions": ["Doorgaan"],
        "participants": [{"name": "Anna", "role": "family", "member_id": w.mine.members[0].id}]}, status=201)
    assert meeting["family_id"] == w.mine.id and meeting["participants"][0]["name"] == "Anna"
    assert api(client, w, "get", f"/meetings/{meeting['id']}")["decisions"] == ["Doorgaan"]
    assert len(api(client, w, "get", f"/families/{w.mine.id}/meetings")["items"]) == 1
    api(client, w, "post", "/meetings", {"kind": "toy.review"}, status=422)
    api(client, w, "post", "/meetings", {"trajectory_id": t, "kind": "toy.review", "held_on": "2999-01-01"},
        status=422)


def test_signals_mine_team_and_acknowledge(world, client):
    w = world
    signal = signals.raise_signal(rule="toy.adhoc", title="Zorgmelding", trajectory=w.my_trajectory,
                                  requires_ack=True)
    mine = api(client, w, "get", "/signals?scope=mine")
    assert signal.id in [s["id"] for s in mine["items"]]
    assert all(s["assigned_worker_id"] == w.alice.id for s in mine["items"])
    team = api(client, w, "get", "/signals?scope=team")
    assert signal.id in [s["id"] for s in team["items"]]
    acked = api(client, w, "post", f"/signals/{signal.id}/acknowledge")
    assert acked["status"] == "done" and acked["acknowledged_at"]
    assert Signal.get_by_id(signal.id).acknowledged_by_id == w.alice.id
    api(client, w, "post", f"/signals/{signal.id}/acknowledge", status=422)
    assert signal.id not in [s["id"] for s in api(client, w, "get", "/signals")["items"]]
    assert signal.id in [s["id"] for s in api(client, w, "get", "/signals?status=done")["items"]]


def test_partners_read(world, client):
    w = world
    listed = api(client, w, "get", "/partners?kind=school")
    assert [p["key"] for p in listed["items"]] == ["school-de-regenboog"]
    partner = api(client, w, "get", f"/partners/{listed['items'][0]['id']}")
    assert partner["name"] == "Basisschool De Regenboog" and len(partner["area_ids"]) == 1
    api(client, w, "get", "/partners/999999", status=404)


def test_errors_are_json_never_html(world, client):
    w = world
    for method, url, kwargs in [
        ("get", "/api/v1/no-such-thing", {}),
        ("delete", "/api/v1/families", {}),
        ("post", "/api/v1/families", {"data": "{not json", "content_type": "application/json"}),
        ("post", "/api/v1/families", {"json": [1, 2, 3]}),
        ("post", "/api/v1/families", {"json": {"name": "x\u0000y"}}),
        ("get", "/api/v1/families/99999999999999999999", {}),
        ("patch", "/api/v1/plans/1", {"json": {"lock_version": "one"}}),
    ]:
        response = getattr(client, method)(url, headers=w.alice_auth, **kwargs)
        assert 400 <= response.status_code < 500, (url, response.status_code)
        assert response.is_json and set(response.get_json()) == {"errors"}, url
    response = client.post("/api/v1/families", headers=w.alice_auth, data="{", content_type="application/json")
    assert response.status_code == 400
