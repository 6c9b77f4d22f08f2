"""Every hook: documented with its exact signature, and tested here (Datasette style)."""

import datetime as dt
import inspect
import re
from pathlib import Path

import click
import pytest
from flask import Blueprint
from gezinsroute import hookimpl, hookspecs
from gezinsroute.errors import ConfigError, PluginHookError, StartupError
from gezinsroute.registry import Action, Methodology, Panel, Phase
from gezinsroute.runtime import boot
from marshmallow import Schema, fields

from tests.conftest import TOY

pytestmark = [pytest.mark.gezinsroute_plugins("toy"), pytest.mark.gezinsroute_extra_plugins(TOY)]

DOCS = Path(__file__).parent.parent / "docs" / "hooks.md"
HOOKS = sorted(n for n, f in vars(hookspecs).items()
               if callable(f) and hasattr(f, "gezinsroute_spec"))
WRITE_DEPLOYMENT = """
[deployment]
name = "Hooks"
plugins = ["toy", "extra"]
[[municipalities]]
code = "GM9999"
name = "Teststad"
"""


def test_every_hook_is_documented_with_its_signature():
    text = DOCS.read_text()
    for name in HOOKS:
        args = ", ".join(inspect.signature(getattr(hookspecs, name)).parameters)
        assert f"## {name}({args})" in text, f"docs/hooks.md lacks '## {name}({args})'"


def test_every_hook_has_a_test():
    tests = {n for n in globals() if n.startswith("test_hook_")}
    missing = [h for h in HOOKS if f"test_hook_{h}" not in tests]
    assert not missing, f"hooks without a test_hook_<name>: {missing}"


def test_every_hook_has_a_docstring_naming_its_arguments():
    for name in HOOKS:
        doc = getattr(hookspecs, name).__doc__ or ""
        assert doc.strip(), name
        for arg in inspect.signature(getattr(hookspecs, name)).parameters:
            assert f":param {arg}:" in doc, f"{name} does not document {arg}"


def _boot(tmp_path, plugin, extra_config=""):
    path = tmp_path / "d.toml"
    path.write_text(WRITE_DEPLOYMENT + extra_config)
    return boot(path, extra_plugins=[TOY, (plugin, "extra")], activate=False)


class _Config:
    class Schema(Schema):
        size = fields.Integer(load_default=3)

    @hookimpl
    def register_config_schema(self):
        return self.Schema


def test_hook_register_config_schema(tmp_path):
    rt = _boot(tmp_path, _Config(), '[plugins.extra]\nsize = 7\n')
    assert rt.deployment.plugin_config("extra") == {"size": 7}
    with pytest.raises(ConfigError) as info:
        _boot(tmp_path, _Config(), '[plugins.extra]\nsize = "x"\ncolour = 1\n')
    message = str(info.value)
    assert "plugins.extra.size: Not a valid integer." in message
    assert "plugins.extra.colour: unknown key" in message


def test_hook_register_methodologies(gz, tmp_path):
    assert "toy" in gz.registry.methodologies

    class Bad:
        @hookimpl
        def register_methodologies(self):
            return [Methodology("extra", "X", phases=(Phase("a", "A"),), transitions=(("a", "zz"),))]

    with pytest.raises(StartupError, match="plugin 'extra'.*unknown phase"):
        _boot(tmp_path, Bad())


def test_hook_register_definitions(gz, tmp_path):
    assert "toy.plan" in gz.registry.plan_kinds

    class Unprefixed:
        @hookimpl
        def register_definitions(self):
            from gezinsroute.registry import MeetingKind
            return [MeetingKind("review", "Review")]

    with pytest.raises(StartupError, match="plugin 'extra'.*must start with 'extra.'"):
        _boot(tmp_path, Unprefixed())


def test_hook_register_models(gz):
    assert gz.plugin_models() == {}

    class Models:
        @hookimpl
        def register_models(self):
            return ["model"]

    gz.pm.register(Models(), name="models-test")
    try:
        assert gz.plugin_models()["models-test"] == ["model"]
    finally:
        gz.pm.unregister(name="models-test")


def test_hook_register_migrations(gz, tmp_path):
    from gezinsroute import migrate

    class Migrations:
        @hookimpl
        def register_migrations(self):
            return tmp_path

    gz.pm.register(Migrations(), name="migrations-test")
    try:
        names = [s.name for s in migrate.sources(gz)]
        assert names[0] == "core" and "migrations-test" in names
    finally:
        gz.pm.unregister(name="migrations-test")


def test_hook_register_translations(gz, tmp_path):
    from gezinsroute.app import create_app

    class Translations:
        @hookimpl
        def register_translations(self):
            return tmp_path

    gz.pm.register(Translations(), name="toy-translations")
    gz.deployment.plugins.append("toy-translations")
    try:
        app = create_app(gz, testing=True)
        assert str(tmp_path) in app.config["BABEL_TRANSLATION_DIRECTORIES"]
        assert app.config["BABEL_DOMAIN"].split(";")[0] == "messages"
    finally:
        gz.deployment.plugins.remove("toy-translations")
        gz.pm.unregister(name="toy-translations")




def _family():
    from gezinsroute.services import families

    return families.create_family("Gezin Hook", members=[
        {"role": "parent", "given_name": "P", "family_name": "H", "has_authority": True},
        {"role": "child", "given_name": "C", "family_name": "H", "birth_date": dt.date(2016, 1, 1)}])


def test_hook_validate_transition(gz):
    from gezinsroute.errors import TransitionRefused
    from gezinsroute.services import trajectories

    t = trajectories.open_trajectory(_family(), "toy")
    with pytest.raises(TransitionRefused, match="toy check"):
        trajectories.transition(t, "work")


def test_hook_validate_plan(gz):
    from gezinsroute.errors import ValidationFailed
    from gezinsroute.services import plans, trajectories

    t = trajectories.open_trajectory(_family(), "toy")
    plan = plans.create_plan(t, "toy.plan")
    plans.sign(plan, party_name="P H", party_role="parent")
    with pytest.raises(ValidationFailed, match="at least one goal"):
        plans.agree(plan)
    plans.add_goal(plan, description="Naar school")
    assert plans.agree(plan) == []


def test_hook_on_event(gz, events):
    from gezinsroute.services import trajectories

    t = trajectories.open_trajectory(_family(), "toy")
    assert ("trajectory.opened", t.id) in [(e.name, e.trajectory_id) for e in events]


def test_hook_on_event_not_called_when_the_transaction_fails(gz, events):
    from gezinsroute.events import Event, emit, unit_of_work

    with pytest.raises(RuntimeError):
        with unit_of_work():
            emit(Event("never"))
            raise RuntimeError("boom")
    assert "never" not in [e.name for e in events]


def test_hook_register_admin_views(gz):
    from gezinsroute.app import create_app
    from gezinsroute.models import Partner
    from gezinsroute_admin import SecureModelView

    class Views:
        @hookimpl
        def register_admin_views(self, app):
            return [SecureModelView(Partner, name="P", endpoint="wrongname")]

    gz.pm.register(Views(), name="adminplug")
    try:
        with pytest.raises(StartupError, match="must start with 'adminplug_'"):
            create_app(gz, testing=True)
    finally:
        gz.pm.unregister(name="adminplug")


def test_hook_register_blueprints(gz):
    from gezinsroute.app import create_app

    bp = Blueprint("blueplug", __name__)
    bp.add_url_rule("/ping", "ping", lambda: "pong")

    class Blueprints:
        @hookimpl
        def register_blueprints(self, app):
            return [bp]

    gz.pm.register(Blueprints(), name="blueplug")
    try:
        app = create_app(gz, testing=True)
        assert app.test_client().get("/blueplug/ping").data == b"pong"
    finally:
        gz.pm.unregister(name="blueplug")


def test_hook_register_cli_commands(tmp_path):
    from click.testing import CliRunner
    from gezinsroute import plugins
    from gezinsroute.cli import main

    @click.command()
    def hello():
        click.echo("hallo from the plugin")

    class Commands:
        @hookimpl
        def register_cli_commands(self):
            return [hello]

    path = tmp_path / "d.toml"
    path.write_text(WRITE_DEPLOYMENT.replace('"toy", "extra"', '"cliplug"'))
    original = plugins.load_plugins

    def load(pm, names):
        pm.register(Commands(), name="cliplug")
        original(pm, names)

    plugins.load_plugins = load
    try:
        result = CliRunner().invoke(main, ["-d", str(path), "cliplug", "hello"])
    finally:
        plugins.load_plugins = original
    assert result.output.strip() == "hallo from the plugin", result.output


def test_hook_register_reports(gz):
    from gezinsroute.reports import Period

    report = gz.registry.reports["trajectories"]
    from gezinsroute.services import trajectories

    for _ in range(6):
        trajectories.open_trajectory(_family(), "toy")
    table = report.run(Period.parse("2000-01-01..2100-01-01"), gz.deployment)
    assert table.columns == ["methodology", "municipality", "started", "ended", "active"]
    assert table.rows == [["toy", "onbekend", 6, 0, 6]]
    trajectories.open_trajectory(_family(), "toy")
    small = report.run(Period.parse("2000-01-01..2100-01-01"), gz.deployment)
    assert small.rows == [["toy", "onbekend", 7, 0, 7]]


def test_hook_populate_demo_data(gz):
    from gezinsroute import demo

    seen = []

    class Demo:
        @hookimpl
        def populate_demo_data(self, demo):
            seen.append(len(demo.families))

    gz.pm.register(Demo(), name="demo-test")
    try:
        ctx = demo.generate(gz, families=3, seed=1)
    finally:
        gz.pm.unregister(name="demo-test")
    assert seen == [3]
    bsns = [m.bsn for f in ctx.families for m in f.members if m.bsn]
    assert all(b.startswith("9999") for b in bsns)


def test_hook_populate_bulk_data(gz):
    from gezinsroute import bulk

    chunks = []

    class Bulk:
        @hookimpl
        def populate_bulk_data(self, chunk):
            # one row per toy trajectory of the chunk, through the documented helpers
            chunks.append((chunk.index, chunk.first_trajectory, chunk.last_trajectory))
            chunk.execute("contact", f"""
                INSERT INTO contact (family_id, trajectory_id, kind, occurred_at, worker_id, summary)
                SELECT t.family_id, t.id, 'bulk-hook', {chunk.add_days("t.started_on", "1")}, t.responsible_id,
                       'r' || ({chunk.random("t.id", 5)} %% 1000)
                FROM trajectory t WHERE t.id BETWEEN %(lo)s AND %(hi)s AND t.methodology = 'toy'""")

    gz.pm.register(Bulk(), name="bulk-test")
    try:
        result = bulk.generate(gz, families=30, seed=5)
    finally:
        gz.pm.unregister(name="bulk-test")
    from gezinsroute.models import Contact, Trajectory

    assert [c[0] for c in chunks] == [0]
    hooked = list(Contact.select().where(Contact.kind == "bulk-hook"))
    assert len(hooked) == Trajectory.select().count() == result.counts["trajectory"]
    assert result.counts["contact"] == 11 * len(hooked)  # ten from the core, one from the hook
    assert all(c.occurred_at.date() > c.trajectory.started_on for c in hooked)
    assert len({c.summary for c in hooked}) > 1


def test_hook_trajectory_actions(gz):
    from gezinsroute.services import trajectories

    class Actions:
        @hookimpl
        def trajectory_actions(self, trajectory, worker):
            return [Action("Doe iets", f"/x/{trajectory.id}")]

    gz.pm.register(Actions(), name="actions-test")
    try:
        t = trajectories.open_trajectory(_family(), "toy")
        assert [a.url for a in gz.collect("trajectory_actions", trajectory=t, worker=None)] == [f"/x/{t.id}"]
    finally:
        gz.pm.unregister(name="actions-test")


def test_hook_family_panels(gz):
    class Panels:
        @hookimpl
        def family_panels(self, family):
            return [Panel("Extra", f"<p>{family.name}</p>")]

    gz.pm.register(Panels(), name="panels-test")
    try:
        family = _family()
        assert gz.collect("family_panels", family=family, worker=None)[0].title == "Extra"
    finally:
        gz.pm.unregister(name="panels-test")


def test_exception_in_a_hook_names_plugin_and_hook(gz):
    from gezinsroute.services import trajectories

    class Broken:
        @hookimpl
        def validate_transition(self):
            raise KeyError("oops")

    gz.pm.register(Broken(), name="broken")
    try:
        t = trajectories.open_trajectory(_family(), "toy")
        with pytest.raises(PluginHookError, match="plugin 'broken' failed in hook 'validate_transition'"):
            trajectories.transition(t, "closed", end_reason_cbs="01")
        from gezinsroute.models import Trajectory
        assert Trajectory.get_by_id(t.id).phase == "intake"
    finally:
        gz.pm.unregister(name="broken")


def test_misspelt_hook_and_default_arguments_fail_startup(tmp_path):
    class Misspelt:
        @hookimpl
        def validate_transitions(self, trajectory):
            return []

    with pytest.raises(StartupError, match="plugin 'extra'"):
        _boot(tmp_path, Misspelt())

    class Defaults:
        @hookimpl
        def validate_transition(self, trajectory, to_phase=None):
            return []

    with pytest.raises(StartupError, match="default value to to_phase"):
        _boot(tmp_path, Defaults())


def test_hookspec_names_have_no_prefix_clash():
    assert all(re.match(r"^[a-z_]+$", h) for h in HOOKS)
