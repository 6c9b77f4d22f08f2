"""A plugin that fails inside a request: the whole request is rolled back, the error names it."""

import datetime as dt

import pytest
from flask import Blueprint, g
from gezinsroute import hookimpl
from gezinsroute.app import create_app
from gezinsroute.models import Contact, Trajectory
from gezinsroute.permissions import permissions_for
from gezinsroute.services import contacts, families, trajectories

from tests.conftest import TOY

pytestmark = [pytest.mark.gezinsroute_plugins("toy"), pytest.mark.gezinsroute_extra_plugins(TOY)]


class Broken:
    """Records a contact, then closes the trajectory, which calls a hook that fails."""

    @hookimpl
    def validate_transition(self, to_phase):
        if to_phase == "closed":
            raise KeyError("boom")
        return []

    @hookimpl
    def register_blueprints(self):
        bp = Blueprint("broken", __name__)

        @bp.route("/close/<int:trajectory_id>", methods=["POST"])
        def close(trajectory_id):
            trajectory = Trajectory.get_by_id(trajectory_id)
            contacts.record_contact(trajectory.family, "home_visit", trajectory=trajectory, summary="bezoek")
            trajectories.transition(trajectory, "closed", end_reason_cbs="01")
            return "closed"

        return [bp]


def test_plugin_failure_rolls_back_the_whole_request(gz):
    gz.pm.register(Broken(), name="broken")
    try:
        app = create_app(gz, testing=True, config={"WTF_CSRF_ENABLED": False})

        @app.before_request
        def _signed_in():
            g.worker = None

        family = families.create_family("Gezin Isolatie", members=[
            {"role": "parent", "given_name": "Ada", "family_name": "Isolatie", "has_authority": True,
             "birth_date": dt.date(1980, 1, 1)}])
        trajectory = trajectories.open_trajectory(family, "toy")
        response = app.test_client().post(f"/broken/close/{trajectory.id}")
        assert response.status_code == 500
        assert b"broken" in response.data and b"validate_transition" in response.data
        assert b"Traceback" not in response.data and b"KeyError" not in response.data
        assert not Contact.select().where(Contact.trajectory == trajectory.id).exists()
        assert Trajectory.get_by_id(trajectory.id).phase == "intake"
    finally:
        gz.pm.unregister(name="broken")


def test_api_plugin_failure_is_json_naming_plugin_and_hook(gz):
    from gezinsroute.api.tokens import create_token
    from gezinsroute.models import Worker, WorkerRole

    gz.pm.register(Broken(), name="broken")
    try:
        app = create_app(gz, testing=True)
        worker = Worker.create(username="api", full_name="Api")
        WorkerRole.create(worker=worker, role="worker")
        assert "case.write" in permissions_for({"worker"}, gz.registry)
        family = families.create_family("Gezin Api", members=[
            {"role": "parent", "given_name": "Bo", "family_name": "Api", "has_authority": True}])
        trajectory = trajectories.open_trajectory(family, "toy", responsible=worker)
        token = create_token(worker, "test")
        response = app.test_client().post(
            f"/api/v1/trajectories/{trajectory.id}/transition", headers={"Authorization": f"Bearer {token}"},
            json={"to_phase": "closed", "end_reason_cbs": "01", "lock_version": trajectory.lock_version})
        assert response.status_code == 500, response.data
        assert "plugin 'broken' failed in hook 'validate_transition'" in response.get_json()["errors"][0]["message"]
        assert Trajectory.get_by_id(trajectory.id).phase == "intake"
    finally:
        gz.pm.unregister(name="broken")
