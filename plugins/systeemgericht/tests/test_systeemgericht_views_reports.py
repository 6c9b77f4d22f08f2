import datetime as dt

import flask
import pytest
from gezinsroute.models import Team, Trajectory, Worker
from gezinsroute.reports import Period
from gezinsroute.services import trajectories
from gezinsroute_systeemgericht import methodology as M
from gezinsroute_systeemgericht import reports, services

from .test_systeemgericht_rules import SAFE_VT, make_family

pytestmark = pytest.mark.gezinsroute_plugins("systeemgericht")


@pytest.fixture
def worker(gz):
    return Worker.create(username="gm", full_name="Gezinsmanager", team=Team.get(Team.key == "team-noord"))


@pytest.fixture
def logged_in(app, gz, worker):
    from gezinsroute import permissions
    from gezinsroute.models import WorkerRole

    WorkerRole.create(worker=worker, role="worker")

    def login():
        flask.g.worker, flask.g.roles = worker, {"worker"}
        flask.g.permissions = permissions.permissions_for({"worker"}, gz.registry)

    app.before_request(login)
    return app.test_client()


def test_page_shows_refusal_and_changes_nothing(logged_in, worker):
    t = trajectories.open_trajectory(make_family(), M.KEY, responsible=worker)
    page = logged_in.get(f"/systeemgericht/trajectory/{t.id}")
    assert page.status_code == 200 and b"vt10" in page.data
    refused = logged_in.post(f"/systeemgericht/trajectory/{t.id}/transition", data={"to_phase": "uitvoering"})
    assert refused.status_code == 422 and b"gezinsplan is vastgesteld" in refused.data
    assert Trajectory.get_by_id(t.id).phase == "veiligheid"
    data = {"instrument": M.VT, **{f"score_{i}": "0" for i in M.VT_ITEMS}}
    ok = logged_in.post(f"/systeemgericht/trajectory/{t.id}/arij", data=data)
    assert ok.status_code == 302
    bad = logged_in.post(f"/systeemgericht/trajectory/{t.id}/veiligheidsplan",
                         data={"bodemeisen": "Geen geweld |", "agreements": "", "network": ""})
    assert bad.status_code == 302  # a draft may be incomplete; agreeing refuses it
    from gezinsroute.models import Plan

    plan = Plan.get(Plan.trajectory == t.id)
    logged_in.post(f"/systeemgericht/trajectory/{t.id}/sign", data={"plan_id": plan.id, "party_name": "Ouder",
                                                                   "party_role": "parent"})
    agree = logged_in.post(f"/systeemgericht/trajectory/{t.id}/agree", data={"plan_id": plan.id})
    assert agree.status_code == 422 and b"heeft geen consequentie" in agree.data
    assert Plan.get_by_id(plan.id).status == "draft"


def test_page_is_need_to_know(logged_in, gz):
    other = Worker.create(username="other", full_name="Other")
    t = trajectories.open_trajectory(make_family(), M.KEY, responsible=other)
    assert logged_in.get(f"/systeemgericht/trajectory/{t.id}").status_code == 404
    assert logged_in.post(f"/systeemgericht/trajectory/{t.id}/event", data={"kind": "incident"}).status_code == 404


def test_actions_and_panel(app, worker):
    t = trajectories.open_trajectory(make_family(), M.KEY, responsible=worker)
    with app.test_request_context():
        results = dict(gz_call(app, "trajectory_actions", trajectory=t, worker=worker))
        assert results["systeemgericht"][0].url.endswith(f"/systeemgericht/trajectory/{t.id}")
        panels = dict(gz_call(app, "family_panels", family=t.family, worker=worker))["systeemgericht"]
        assert "veiligheid" in str(panels[0].html)


def gz_call(app, hook, **kwargs):
    return app.extensions["gezinsroute"].call(hook, **kwargs)


def test_reports(gz, worker):
    start = dt.date(2026, 1, 5)
    late = trajectories.open_trajectory(make_family(), M.KEY, responsible=worker, started_on=start)
    on_time = trajectories.open_trajectory(make_family(), M.KEY, responsible=worker, started_on=start)
    services.record_arij(on_time, M.VT, SAFE_VT, assessed_on=start + dt.timedelta(days=2))
    services.record_arij(late, M.VT, SAFE_VT, assessed_on=start + dt.timedelta(days=20))
    period = Period(dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    row = reports.vt_on_time(period).as_dicts()[0]
    assert row["share_on_time"] == "50%"
    services.raise_issue(on_time, "missing_provision", "Geen plek", raised_on=start)
    assert reports.escalations(period).rows == [["1 executors", "open", "<5"]]
    load = reports.caseload(period, gz.deployment)
    assert load.rows == [["Gezinsmanager", 2, ""]]
    gz.deployment.plugin_settings["systeemgericht"] = {**gz.deployment.plugin_config("systeemgericht"),
                                                      "caseload_cap": 1}
    assert reports.caseload(period, gz.deployment).rows == [["Gezinsmanager", 2, "above cap"]]


def test_demo_data(gz):
    from gezinsroute import demo

    demo.generate(gz, families=20, seed=3)
    demo_trajectories = list(Trajectory.select().where(Trajectory.methodology == M.KEY))
    assert len(demo_trajectories) >= 3
    assert {t.phase for t in demo_trajectories} == {"veiligheid", "uitvoering"}


def test_demo_data_never_records_a_meeting_in_the_future(gz):
    """Trajectories started less than 30 days ago used to get an FFP session dated after today."""
    from gezinsroute import clock, demo
    from gezinsroute.models import Meeting

    demo.generate(gz, families=60, seed=1)
    assert Meeting.select().count() > 0
    assert not Meeting.select().where(Meeting.held_on > clock.today()).exists()
