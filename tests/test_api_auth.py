"""REST API authentication: bearer tokens an administrator creates and revokes."""

import datetime as dt

import pytest
from gezinsroute.api import ApiToken, create_token, revoke
from gezinsroute.api.tokens import hash_token
from gezinsroute.errors import NotFound, ValidationFailed
from gezinsroute.models import AuditEntry, Worker

from tests.api_helpers import make_worker
from tests.conftest import TOY

pytestmark = [pytest.mark.gezinsroute_plugins("toy"), pytest.mark.gezinsroute_extra_plugins(TOY)]


def _errors(response):
    body = response.get_json()
    assert set(body) == {"errors"}
    return body["errors"]


@pytest.mark.parametrize("headers", [
    {},
    {"Authorization": "Bearer "},
    {"Authorization": "Bearer gzr_not-a-real-token"},
    {"Authorization": "Basic dXNlcjpwYXNz"},
    {"Authorization": "Bearer " + "x" * 5000},
])
def test_401_without_valid_token(gz, client, headers):
    response = client.get("/api/v1/families", headers=headers)
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == "Bearer"
    assert _errors(response)[0]["message"]


def test_token_works_until_revoked(gz, client):
    worker = make_worker("tess", "worker")
    plaintext = create_token(worker, "koppeling", 30)
    token = ApiToken.get(ApiToken.worker == worker)
    assert token.token_hash == hash_token(plaintext) and plaintext not in token.token_hash
    headers = {"Authorization": f"Bearer {plaintext}"}
    assert client.get("/api/v1/families", headers=headers).status_code == 200
    assert ApiToken.get_by_id(token.id).last_used_at is not None
    revoke(token.id)
    response = client.get("/api/v1/families", headers=headers)
    assert response.status_code == 401
    assert _errors(response)


def test_expired_token_and_inactive_worker_401(gz, client):
    worker = make_worker("exp", "worker")
    plaintext = create_token(worker, "kort", 1)
    ApiToken.update(expires_at=dt.datetime(2000, 1, 1)).where(ApiToken.worker == worker).execute()
    assert client.get("/api/v1/partners", headers={"Authorization": f"Bearer {plaintext}"}).status_code == 401
    other = make_worker("gone", "worker")
    plaintext = create_token(other, "x", 30)
    Worker.update(active=False).where(Worker.id == other.id).execute()
    assert client.get("/api/v1/partners", headers={"Authorization": f"Bearer {plaintext}"}).status_code == 401


def test_create_and_revoke_validate_and_audit(gz):
    worker = make_worker("val", "worker")
    with pytest.raises(ValidationFailed):
        create_token(worker, " ", 30)
    with pytest.raises(ValidationFailed):
        create_token(worker, "x", 0)
    with pytest.raises(NotFound):
        revoke(987654)
    create_token(worker, "ok", None)
    token = ApiToken.get(ApiToken.worker == worker)
    assert token.expires_at is None
    revoke(token.id)
    actions = [e.action for e in AuditEntry.select().where(AuditEntry.object_type == "api_token")]
    assert actions == ["C", "U"]


def test_request_sets_audit_actor(gz, client):
    worker = make_worker("actor", "worker")
    headers = {"Authorization": f"Bearer {create_token(worker, 'x', 30)}"}
    response = client.post("/api/v1/families", headers=headers, json={"name": "Gezin Actor"},
                           environ_base={"REMOTE_ADDR": "10.1.2.3"})
    assert response.status_code == 201, response.get_json()
    entries = list(AuditEntry.select().where(AuditEntry.family_id == response.get_json()["id"]))
    assert entries and all(e.user_id == worker.id and e.username == "actor" for e in entries)
    assert all(e.access_point == "10.1.2.3" and e.check_authorisation for e in entries)
    assert {e.role for e in entries} == {"worker"}


def test_api_needs_no_csrf_token_but_ignores_session_cookies(gz):
    from gezinsroute.app import create_app

    app = create_app(gz, testing=True)  # CSRF protection on, as in production
    client = app.test_client()
    worker = make_worker("csrf", "worker")
    headers = {"Authorization": f"Bearer {create_token(worker, 'x', 30)}"}
    assert client.post("/api/v1/families", headers=headers, json={"name": "Gezin Csrf"}).status_code == 201
    assert client.post("/api/v1/families", json={"name": "Gezin Csrf"}).status_code == 401


def test_openapi_document_is_public_and_declares_bearer(gz, client):
    spec = client.get("/api/v1/openapi.json").get_json()
    assert spec["openapi"] == "3.0.3"
    assert spec["components"]["securitySchemes"]["bearerAuth"]["scheme"] == "bearer"
    assert spec["security"] == [{"bearerAuth": []}]
