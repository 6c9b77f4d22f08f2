import pyotp
import pytest
from gezinsroute.app import create_app
from gezinsroute.models import AuditEntry, LoginAttempt, LoginSession
from gezinsroute.models.base import utcnow

from tests.conftest import TOY
from tests.web_helpers import PASSWORD, login, make_case, make_worker

pytestmark = [pytest.mark.gezinsroute_plugins("toy"), pytest.mark.gezinsroute_extra_plugins(TOY)]

COOKIE = "__Host-gz_session"


def test_login_sets_host_cookie_and_security_headers(gz, client):
    make_worker("anna", "worker")
    response = login(client, "anna")
    assert response.status_code == 302
    cookie = response.headers.getlist("Set-Cookie")
    session_cookie = next(c for c in cookie if c.startswith(COOKIE + "="))
    assert "Secure" in session_cookie and "HttpOnly" in session_cookie and "SameSite=Lax" in session_cookie
    assert "Path=/" in session_cookie and "Domain" not in session_cookie
    page = client.get("/caseload")
    assert page.status_code == 200
    csp = page.headers["Content-Security-Policy"]
    for part in ("default-src 'self'", "object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'"):
        assert part in csp
    assert page.headers["X-Content-Type-Options"] == "nosniff"
    assert page.headers["Referrer-Policy"]
    assert page.headers["Cache-Control"] == "no-store"
    # Two-factor is off in the test deployment: every page warns.
    assert b"banner warn" in page.data


def test_insecure_cookie_name_for_plain_http(gz):
    app = create_app(gz, testing=True, config={"WTF_CSRF_ENABLED": False, "GEZINSROUTE_COOKIE_SECURE": False})
    client = app.test_client()
    make_worker("anna", "worker")
    response = login(client, "anna")
    cookie = next(c for c in response.headers.getlist("Set-Cookie") if c.startswith("gz_session="))
    assert "Secure" not in cookie
    assert client.get("/caseload").status_code == 200


def test_new_session_id_at_login_and_replay_after_logout(gz, client):
    worker = make_worker("anna", "worker")
    family, _t = make_case(worker)
    client.set_cookie(COOKIE, "planted-by-an-attacker")  # session fixation attempt
    login(client, "anna")
    first = client.get_cookie(COOKIE).value
    assert first != "planted-by-an-attacker"
    client.post("/logout")
    login(client, "anna")
    second = client.get_cookie(COOKIE).value
    assert first != second
    assert client.get(f"/families/{family.id}").status_code == 200
    client.post("/logout")
    assert LoginSession.select().where(LoginSession.revoked_at.is_null()).count() == 0
    # Replay the captured cookie: refused, and no client data.
    for token in (first, second):
        client.set_cookie(COOKIE, token)
        response = client.get(f"/families/{family.id}")
        assert response.status_code in (302, 401)
        assert "/login" in response.headers.get("Location", "/login")
        assert b"Veldhuis" not in response.data


def test_disabling_worker_ends_sessions(gz, client):
    worker = make_worker("anna", "worker")
    family, _t = make_case(worker)
    login(client, "anna")
    assert client.get(f"/families/{family.id}").status_code == 200
    worker.active = False
    worker.save()
    assert client.get(f"/families/{family.id}").status_code == 302
    assert LoginSession.select().where(LoginSession.revoked_reason == "disabled").count() == 1


def test_idle_and_absolute_timeouts(gz, client):
    make_worker("anna", "worker")
    login(client, "anna")
    session = LoginSession.get()
    LoginSession.update(last_seen_at=utcnow() - __import__("datetime").timedelta(minutes=31)).execute()
    assert client.get("/caseload").status_code == 302
    assert LoginSession.get_by_id(session.id).revoked_reason == "idle"
    login(client, "anna")
    LoginSession.update(expires_at=utcnow()).where(LoginSession.revoked_at.is_null()).execute()
    assert client.get("/caseload").status_code == 302


def test_failed_logins_are_throttled_and_audited(gz, client):
    make_worker("anna", "worker")
    for _ in range(5):
        assert login(client, "anna", "wrong password!!").status_code == 401
    response = login(client, "anna")  # right password, but locked
    assert response.status_code == 401
    assert client.get_cookie(COOKIE) is None
    assert LoginAttempt.select().where(~LoginAttempt.success).count() == 6
    auth = AuditEntry.select().where((AuditEntry.event_type == "auth") & (AuditEntry.outcome == "failure"))
    assert auth.count() == 6


def test_csrf_refuses_post_without_token(gz):
    app = create_app(gz, testing=True, config={"WTF_CSRF_ENABLED": True})
    client = app.test_client()
    make_worker("anna", "worker")
    response = client.post("/login", data={"username": "anna", "password": PASSWORD})
    assert response.status_code == 400
    assert client.get_cookie(COOKIE) is None


def test_second_factor_required_and_enrolment(gz, client):
    gz.deployment.two_factor = True
    try:
        worker = make_worker("anna", "worker")
        family, _t = make_case(worker)
        response = login(client, "anna")
        assert response.headers["Location"].endswith("/login/enrol")
        # Half signed in: no client data anywhere.
        for url in (f"/families/{family.id}", "/caseload", "/signals"):
            r = client.get(url)
            assert r.status_code == 302 and b"Veldhuis" not in r.data
        page = client.get("/login/enrol")
        assert page.status_code == 200 and b"otpauth://" in page.data
        secret = LoginSession.get(LoginSession.worker == worker.id).pending_totp_secret
        assert client.post("/login/enrol", data={"code": "000000"}).status_code == 401
        response = client.post("/login/enrol", data={"code": pyotp.TOTP(secret).now()})
        assert response.status_code == 302
        assert client.get(f"/families/{family.id}").status_code == 200
        assert b"banner warn" not in client.get("/caseload").data
        client.post("/logout")
        # Next time: the code page, not enrolment.
        assert login(client, "anna").headers["Location"].endswith("/login/code")
        assert client.get("/caseload").status_code == 302
        client.post("/login/code", data={"code": pyotp.TOTP(secret).now()})
        assert client.get("/caseload").status_code == 200
    finally:
        gz.deployment.two_factor = False


def test_roles_without_case_files_need_no_second_factor(gz, client):
    gz.deployment.two_factor = True
    try:
        make_worker("beheer", "app_admin")
        response = login(client, "beheer")
        assert "/login/" not in response.headers["Location"]
    finally:
        gz.deployment.two_factor = False


def test_lang_switch(gz, client):
    assert b"Sign in" in client.get("/login?lang=en").data
    assert b"Inloggen" in client.get("/login?lang=nl").data
