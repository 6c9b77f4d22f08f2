"""End to end in a real browser (Debian's chromium, driven by Playwright, headless).

A worker logs in with password and TOTP code, opens a family's dossier, sees a
phase transition refused with its reason, and performs an allowed one.
Run with the rest of the suite; `make setup` installs chromium (Debian) and playwright (PyPI).
"""

import shutil
import threading
from pathlib import Path

import pyotp
import pytest
from gezinsroute import demo, migrate, reference
from gezinsroute.app import create_app
from gezinsroute.context import SYSTEM, acting_as
from gezinsroute.models import Trajectory, Worker
from gezinsroute.runtime import boot, set_current
from gezinsroute.services import families, trajectories

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
DEMO = Path(__file__).parent.parent / "deployments" / "demo.toml"
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian chromium is not installed (make setup)"),
]


@pytest.fixture
def live_server(tmp_path, monkeypatch):
    from werkzeug.serving import make_server

    monkeypatch.delenv("DATABASE_URL", raising=False)
    rt = boot(DEMO)
    rt.deployment.database_url = f"sqlite:///{tmp_path / 'browser.sqlite3'}"
    db = rt.connect()
    migrate.upgrade(rt, db)
    reference.sync(rt.deployment)
    with acting_as(SYSTEM):
        demo.generate(rt, families=4, seed=7)
        worker = Worker.get(Worker.username == "gezinsmanager")
        family = families.create_family("Gezin Browsertest", area="vb-noord", members=[
            {"role": "parent", "given_name": "Iris", "family_name": "Browsertest", "has_authority": True},
            {"role": "child", "given_name": "Tim", "family_name": "Browsertest"}])
        route = trajectories.open_trajectory(family, "klantroute", responsible=worker, source="school")
    db.close()
    app = create_app(rt, config={"GEZINSROUTE_COOKIE_SECURE": False})
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", family, route
    server.shutdown()
    set_current(None)


@pytest.fixture
def page():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=[
            "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync"])
        yield browser.new_page()
        browser.close()


def test_login_dossier_and_transitions_in_the_browser(live_server, page, tmp_path):
    base, family, route = live_server
    page.goto(f"{base}/login")
    page.fill("input[name=username]", "gezinsmanager")
    page.fill("input[name=password]", demo.DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.fill("input[name=code]", pyotp.TOTP(demo.DEMO_TOTP_SECRET).now())
    page.click("button[type=submit]")

    page.goto(f"{base}/families/{family.id}")
    assert "Gezin Browsertest" in page.content()
    assert page.locator("text=Iris Browsertest").count() >= 1

    page.goto(f"{base}/trajectories/{route.id}")
    page.select_option("select[name=to_phase]", "maatwerk")
    page.click("form.stack button[type=submit]")
    alert = page.locator("[role=alert]")
    assert alert.count() == 1
    assert "eigen_kracht" in alert.inner_text() or "Eigen kracht" in alert.inner_text() \
        or "lichtere" in alert.inner_text().lower() or "lighter" in alert.inner_text().lower()
    page.screenshot(path=str(tmp_path / "refused.png"), full_page=True)
    assert Trajectory.get_by_id(route.id).phase == "eigen_kracht"

    page.select_option("select[name=to_phase]", "eigen_netwerk")
    page.click("form.stack button[type=submit]")
    page.wait_for_url(f"{base}/trajectories/{route.id}")
    assert page.locator("[role=alert]").count() == 0
    assert Trajectory.get_by_id(route.id).phase == "eigen_netwerk"
    page.screenshot(path="/tmp/gezinsroute-browser.png", full_page=True)
