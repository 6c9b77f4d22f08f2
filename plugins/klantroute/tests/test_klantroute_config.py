import re
import tomllib
from pathlib import Path

import pytest
from gezinsroute.registry import Methodology
from gezinsroute_klantroute.config import KlantrouteConfigSchema
from gezinsroute_klantroute.methodology import build_methodology
from marshmallow import ValidationError

README = Path(__file__).resolve().parents[1] / "README.md"


def test_empty_section_validates_with_defaults():
    data = KlantrouteConfigSchema().load({})
    assert data["steps"][-1] == "maatwerk" and data["maatwerk_gate"] is True
    assert data["entry_points"] == ["school", "cjg", "smw", "mee", "jip", "voorschool", "swv"]


def test_readme_example_validates():
    block = re.search(r"```toml\n(.*?)```", README.read_text(), re.S).group(1)
    assert block.startswith("[plugins.klantroute]")
    KlantrouteConfigSchema().load(tomllib.loads(block)["plugins"]["klantroute"])


@pytest.mark.parametrize("raw", [
    {"steps": ["a", "a", "maatwerk"]}, {"steps": ["eigen_kracht", "afgerond", "maatwerk"]},
    {"maatwerk_step": "specialist"}, {"steps": ["maatwerk", "eigen_kracht"]}, {"colour": "blue"}])
def test_bad_settings_are_refused(raw):
    with pytest.raises(ValidationError):
        KlantrouteConfigSchema().load(raw)


class _Deployment:
    def __init__(self, settings):
        self.settings = settings

    def plugin_config(self, slug):
        return KlantrouteConfigSchema().load(self.settings)


def test_methodology_phases_come_from_config():
    m = build_methodology(_Deployment({"steps": ["eigen_kracht", "voorliggend_veld", "maatwerk"]}))
    assert isinstance(m, Methodology)
    assert [p.key for p in m.phases] == ["eigen_kracht", "voorliggend_veld", "maatwerk", "afgerond"]
    assert m.closed_phases == {"afgerond"} and m.single_open_per_family
    assert ("maatwerk", "eigen_kracht") in m.transitions and ("afgerond", "eigen_kracht") not in m.transitions


@pytest.mark.gezinsroute_plugins("klantroute")
def test_gate_can_be_switched_off(gz):
    import datetime as dt

    from gezinsroute.services import families
    from gezinsroute_klantroute import route

    gz.deployment.plugin_settings["klantroute"] = KlantrouteConfigSchema().load({"maatwerk_gate": False})
    try:
        fam = families.create_family("Gezin Z", area="WK999901", members=[
            {"role": "child", "given_name": "Z", "family_name": "Z", "birth_date": dt.date(2015, 1, 1)}])
        from gezinsroute.models import Worker
        t = route.open_route(fam, entry_point="cjg", question_text="vraag", owner=Worker.create(username="z",
                                                                                              full_name="Z"))
        route.move_step(t, "maatwerk")
        assert t.phase == "maatwerk"
    finally:
        gz.deployment.plugin_settings["klantroute"] = KlantrouteConfigSchema().load({})
