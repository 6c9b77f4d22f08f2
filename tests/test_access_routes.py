"""Who sees what: every route of the core (not /api) walked with every kind of user."""

import re

import pytest
from gezinsroute.models import AuditEntry, EmergencyAccess
from gezinsroute.services import audit

from tests.conftest import TOY
from tests.web_helpers import CORE_WEB_ROUTES, login, make_case, make_worker

pytestmark = [pytest.mark.gezinsroute_plugins("toy"), pytest.mark.gezinsroute_extra_plugins(TOY)]

# Every endpoint (or admin view) and who may get a 2xx from it.
#   public   : anyone
#   signed_in: any signed-in worker; never client data
#   case     : one family's data: only a worker in scope
#   case_list: lists limited by need-to-know (a worker out of scope gets an empty list)
#   team     : teamleider only;  audit: privacy officer only;  emergency: break-the-glass roles only
#   admin    : app_admin (admin.view / admin.manage), never client data
CLASSIFICATION = {
    **CORE_WEB_ROUTES,
    "beheer": "admin", "core_partner": "admin", "core_municipality": "admin", "core_area": "admin",
    "core_worker": "admin", "core_team": "admin", "core_worker_role": "admin", "core_sessions": "admin",
    "core_plugins": "admin", "core_api_tokens": "admin",
}

USERS = ("anonymous", "in_scope", "out_of_scope", "app_admin", "volunteer")


def classify(endpoint):
    if endpoint in CLASSIFICATION:
        return CLASSIFICATION[endpoint]
    return CLASSIFICATION.get(endpoint.split(".")[0])


def allowed(kind, user):
    return {
        "public": True,
        "signed_in": user != "anonymous",
        "case": user == "in_scope",
        "case_list": user in ("in_scope", "out_of_scope"),
        "team": False, "audit": False, "emergency": False,
        "admin": user == "app_admin",
    }[kind]


def build_url(rule, family, trajectory, worker):
    values = {}
    for arg in rule.arguments:
        if arg == "family_id":
            values[arg] = family.id
        elif arg == "trajectory_id":
            values[arg] = trajectory.id
        elif arg == "worker_id":
            values[arg] = worker.id
        elif arg == "filename":
            values[arg] = "gezinsroute.css"
        elif arg in ("id", "grant_id"):
            values[arg] = 1
        else:
            values[arg] = "x"
    path = rule.rule
    for arg, value in values.items():
        path = re.sub(r"<(?:[^:<>]+:)?" + arg + ">", str(value), path)
    return path


def test_every_route_by_every_user(gz, app):
    in_scope = make_worker("inscope", "worker")
    make_worker("outscope", "worker")
    make_worker("beheer", "app_admin")
    make_worker("vrijwilliger", "volunteer")
    family, trajectory = make_case(in_scope)
    EmergencyAccess.create(worker=in_scope, family=family, reason="x" * 20,
                           expires_at=__import__("datetime").datetime(2000, 1, 1))
    rules = [r for r in app.url_map.iter_rules() if not r.rule.startswith("/api")]
    unclassified = sorted({r.endpoint for r in rules if classify(r.endpoint) is None})
    assert not unclassified, f"routes nobody classified: {unclassified}"
    logins = {"in_scope": "inscope", "out_of_scope": "outscope", "app_admin": "beheer",
              "volunteer": "vrijwilliger"}
    leaks = []
    for user in USERS:
        client = app.test_client()
        if user != "anonymous":
            assert login(client, logins[user]).status_code == 302
        for rule in rules:
            kind = classify(rule.endpoint)
            url = build_url(rule, family, trajectory, in_scope)
            if rule.endpoint == "core_auth.logout":
                continue
            for method in ("GET", "POST"):
                if method not in rule.methods:
                    continue
                response = client.open(url, method=method, data={})
                ok = 200 <= response.status_code < 300
                if ok and not allowed(kind, user):
                    leaks.append((user, method, url, response.status_code))
                if ok and user != "in_scope" and kind != "public" and b"Veldhuis" in response.data:
                    leaks.append((user, method, url, "client data in page"))
    assert not leaks, leaks


def test_privacy_officer_and_teamleider_and_emergency(gz, client):
    worker = make_worker("inscope", "worker")
    make_worker("privacy", "privacy_officer")
    make_worker("leider", "teamleider", team="team-zuid")
    family, _t = make_case(worker)
    login(client, "leider")
    assert client.get(f"/families/{family.id}").status_code == 404
    assert client.get("/signals/team").status_code == 200
    refused = client.post("/emergency", data={"reference": family.reference, "reason": "too short"})
    assert refused.status_code == 422
    response = client.post("/emergency", data={"reference": family.reference,
                                               "reason": "Veilig Thuis belt: acute zorg over de kinderen"})
    assert response.status_code == 302
    before = AuditEntry.select().count()
    assert client.get(f"/families/{family.id}").status_code == 200
    entry = AuditEntry.select().order_by(AuditEntry.id.desc()).get()
    assert AuditEntry.select().count() == before + 1
    assert entry.event_type == "emergency" and entry.check_emergency and entry.family_id == family.id
    client.post("/logout")
    login(client, "privacy")
    assert client.get(f"/families/{family.id}").status_code == 404
    overview = client.get("/audit/")
    assert overview.status_code == 200 and b"acute zorg" in overview.data
    log = client.get(f"/audit/families/{family.id}")
    assert log.status_code == 200 and b"leider" in log.data
    grant = EmergencyAccess.get()
    client.post(f"/audit/emergency/{grant.id}/review", data={"note": "terecht"})
    assert EmergencyAccess.get_by_id(grant.id).reviewed_at is not None


def test_dossier_read_leaves_exactly_one_audit_entry(gz, client):
    worker = make_worker("inscope", "worker")
    family, _t = make_case(worker)
    login(client, "inscope")
    before = AuditEntry.select().count()
    response = client.get(f"/families/{family.id}")
    assert response.status_code == 200 and b"Veldhuis" in response.data
    entries = list(AuditEntry.select().where(AuditEntry.id > 0).order_by(AuditEntry.id.desc())
                   .limit(AuditEntry.select().count() - before))
    assert len(entries) == 1
    entry = entries[0]
    assert (entry.action, entry.object_type, entry.family_id, entry.user_id) == ("R", "family", family.id, worker.id)
    assert entry.check_authorisation and entry.check_relationship and not entry.check_emergency


def test_transition_form_shows_refusal_and_warning(gz, client):
    worker = make_worker("inscope", "worker")
    _family, trajectory = make_case(worker)
    login(client, "inscope")
    refused = client.post(f"/trajectories/{trajectory.id}/transition", data={"to_phase": "work"})
    assert refused.status_code == 422 and b"record a toy check" in refused.data
    from gezinsroute.services import assessments

    assessments.record(trajectory, "toy.check", {"a": "1", "b": "1"}, assessor=worker)
    done = client.post(f"/trajectories/{trajectory.id}/transition", data={"to_phase": "work"},
                       follow_redirects=True)
    assert done.status_code == 200 and b"just a warning" in done.data


def test_audit_chain_detects_an_edited_row(gz):
    audit.append("R", "family", 1, 1, "a read")
    audit.append("R", "family", 2, 2, "another read")
    ok, count, _reason = audit.verify_chain()
    assert ok and count >= 2
    db = AuditEntry._meta.database
    from gezinsroute.db import is_postgres

    if is_postgres():
        db.execute_sql("ALTER TABLE audit_entry DISABLE TRIGGER audit_entry_no_update")
    else:
        db.execute_sql("DROP TRIGGER audit_entry_no_update")
    target = AuditEntry.select().order_by(AuditEntry.id.desc()).get()
    AuditEntry.update(detail="nothing to see").where(AuditEntry.id == target.id).execute()
    ok, _count, reason = audit.verify_chain()
    assert not ok and f"entry {target.id}" in reason
