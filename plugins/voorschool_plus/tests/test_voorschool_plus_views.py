"""The screens: overview with the mix, enrol refusal on the page, move refused with its reason, breng/haal."""

import datetime as dt
import re
import tomllib
from pathlib import Path

import flask
import pytest
from gezinsroute import permissions
from gezinsroute.plugin_api import Contact, Partner, Trajectory, Worker, clock, families
from gezinsroute_voorschool_plus.config import VoorschoolPlusConfig
from gezinsroute_voorschool_plus.locations import sync_locations
from gezinsroute_voorschool_plus.models import Group, Location

pytestmark = pytest.mark.gezinsroute_deployment("deployments/heerlen-landgraaf-voerendaal.toml")
TODAY = dt.date(2026, 3, 2)


@pytest.fixture
def setup(gz, app):
    sync_locations(gz.deployment.plugin_config("voorschool_plus"))
    worker = Worker.create(username="jensv", full_name="Jens Views")

    @app.before_request
    def _as_worker():
        flask.g.worker = worker
        flask.g.roles = {"worker"}
        flask.g.permissions = permissions.permissions_for({"worker"}, gz.registry)

    location = Location.get(Location.key == "vsp-schaesberg")
    peuter = Group.create(location=location, kind="peuterwerk", name="De Vlinders", regular_children=9,
                          lead_worker=worker)
    klas = Group.create(location=location, kind="school_class", name="Groep 1", regular_children=20,
                        lead_worker=worker)
    fam = families.create_family("Gezin Scherm", area="hlv-schaesberg", members=[
        {"role": "parent", "given_name": "Ria", "family_name": "Scherm", "has_authority": True},
        {"role": "child", "given_name": "Tim", "family_name": "Scherm", "birth_date": dt.date(2023, 1, 1)},
        {"role": "child", "given_name": "Baby", "family_name": "Scherm", "birth_date": dt.date(2025, 6, 1)}])
    from gezinsroute.plugin_api import involvements

    involvements.add_involvement(fam, "responsible", worker=worker, started_on=TODAY)
    return worker, fam, peuter, klas


def child(fam, name):
    return next(m for m in fam.members if m.given_name == name)


def test_enrol_refusal_is_shown_and_enrolment_works(setup, client):
    _worker, fam, peuter, klas = setup
    with clock.frozen(TODAY):
        page = client.post(f"/voorschool_plus/families/{fam.id}/enrol",
                           data={"child": child(fam, "Baby").id, "group": peuter.id, "source": "consultatiebureau"})
        assert page.status_code == 422 and "vanaf 2 jaar" in page.get_data(as_text=True)  # Dutch is the default
        page = client.post(f"/voorschool_plus/families/{fam.id}/enrol",
                           data={"child": child(fam, "Tim").id, "group": peuter.id, "source": "consultatiebureau"})
        assert page.status_code == 302
        trajectory = Trajectory.get(Trajectory.family == fam.id)
        page = client.post(f"/voorschool_plus/trajectories/{trajectory.id}/move", data={
            "to_phase": "basisschool", "to_partner": Partner.get(Partner.key == "school-schaesberg").id,
            "to_group": klas.id, "school_start_on": "2026-03-10", "handed_over_on": "2026-03-02",
            "summary": "Overdracht"})
        assert page.status_code == 422
        assert "geen toestemming gegeven voor de overdracht" in page.get_data(as_text=True)
        assert Trajectory.get_by_id(trajectory.id).phase == "peuterwerk"
        text = client.get(f"/voorschool_plus/trajectories/{trajectory.id}").get_data(as_text=True)
        assert "Tim Scherm" in text and "De Vlinders" in text
        overview = client.get("/voorschool_plus/").get_data(as_text=True)
        assert "De Vlinders" in overview and "10%" in overview  # 1 care child of 10
        assert client.post(f"/voorschool_plus/trajectories/{trajectory.id}/breng-haal",
                           data={"next": f"/voorschool_plus/groups/{peuter.id}"}).status_code == 302
    assert Contact.get(Contact.trajectory == trajectory.id).kind == "voorschool_plus.breng_haal"
    group_page = client.get(f"/voorschool_plus/groups/{peuter.id}").get_data(as_text=True)
    assert "Tim Scherm" in group_page and "breng-haal" in group_page


def test_readme_config_block_validates():
    readme = (Path(__file__).parents[1] / "README.md").read_text()
    block = re.search(r"```toml\n(\[plugins\.voorschool_plus\].*?)```", readme, re.S).group(1)
    section = tomllib.loads(block)["plugins"]["voorschool_plus"]
    loaded = VoorschoolPlusConfig().load(section)
    assert loaded["max_care_share"] == 0.33
    assert VoorschoolPlusConfig().load({})["zorgplan_evaluation_days"] == 91


def test_config_refuses_bad_values():
    from marshmallow import ValidationError

    with pytest.raises(ValidationError):
        VoorschoolPlusConfig().load({"max_care_share": 1.5})
    with pytest.raises(ValidationError):
        VoorschoolPlusConfig().load({"baseline": {"so": 3}})
    with pytest.raises(ValidationError):
        VoorschoolPlusConfig().load({"baseline": {"mkd": {"area": -1}}})
