"""The plugin conformance kit: adopt it in three lines and know your plugin is correct::

    from gezinsroute.testing.conformance import PluginConformance

    class TestConformance(PluginConformance):
        plugin = "my_plugin"
        requires = ()          # plugins yours extends (an add-on names its base here)

Every check fails with a message that says what to fix.
"""

from __future__ import annotations

import importlib
import importlib.metadata
import inspect
import re
import subprocess
import sys
import tomllib
from pathlib import Path

from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po
from marshmallow import ValidationError
from packaging.requirements import Requirement
from playhouse.schema_diff import diff_models

from .. import migrate
from ..plugins import GROUP
from ..runtime import boot, set_current
from .pytest_plugin import TEST_DEPLOYMENT

ALLOWED_IMPORT = re.compile(r"^\s*(?:from|import)\s+gezinsroute(?:\.plugin_api|\.hookspecs)?(?:\s|$|,)")
CORE_IMPORT = re.compile(r"^\s*(?:from|import)\s+gezinsroute\.")


def _deployment(tmp_path: Path, plugins: list[str], extra: str = "") -> Path:
    path = tmp_path / "conformance.toml"
    listed = "[" + ", ".join(f'"{p}"' for p in plugins) + "]"
    path.write_text(TEST_DEPLOYMENT.format(plugins=listed) + extra)
    return path


class PluginConformance:
    """Subclass in your plugin's tests and set ``plugin`` (and ``requires`` for add-ons)."""

    plugin: str = ""
    requires: tuple[str, ...] = ()

    # -- helpers -----------------------------------------------------------------------------
    @property
    def plugins(self) -> list[str]:
        return [self.plugin, *self.requires]

    def entry_point(self):
        found = [ep for ep in importlib.metadata.entry_points(group=GROUP) if ep.name == self.plugin]
        assert found, (f"no distribution provides entry point '{self.plugin}' in group '{GROUP}': add "
                       f'[project.entry-points.{GROUP}] {self.plugin} = "<package>" to pyproject.toml '
                       "and reinstall")
        return found

    def module(self):
        return importlib.import_module(self.entry_point()[0].value)

    def package_dir(self) -> Path:
        return Path(self.module().__file__).parent

    def runtime(self, tmp_path, extra: str = ""):
        rt = boot(_deployment(tmp_path, self.plugins, extra), activate=True)
        rt.deployment.database_url = f"sqlite:///{tmp_path / 'conformance.sqlite3'}"
        return rt

    # -- 1. packaging ----------------------------------------------------------------------------
    def test_entry_point_and_distribution(self):
        found = self.entry_point()
        assert len(found) == 1, f"{len(found)} distributions provide '{self.plugin}': keep exactly one"
        dist = found[0].dist
        expected = "gezinsroute-" + self.plugin.replace("_", "-")
        assert dist.metadata["Name"] == expected, f"name the distribution '{expected}'"
        requirements = [Requirement(r) for r in dist.requires or []]
        core = [r for r in requirements if r.name == "gezinsroute-core"]
        assert core, "declare a dependency on gezinsroute-core"
        operators = {spec.operator for spec in core[0].specifier}
        assert operators & {">=", ">", "~="} and operators & {"<", "<=", "~="}, (
            "pin gezinsroute-core with a lower and an upper bound, e.g. 'gezinsroute-core>=0.1,<1'")
        assert getattr(self.module(), "PLUGIN_NAME", None) == self.plugin, (
            f"set PLUGIN_NAME = '{self.plugin}' in the plugin's __init__.py")

    # -- 2. clean import ---------------------------------------------------------------------------
    def test_import_runs_no_sql_and_loads_nothing(self):
        module = self.entry_point()[0].value
        code = ("import sys, " + module + "\n"
                "from gezinsroute import runtime, db\n"
                "assert runtime.current(required=False) is None, 'importing booted a deployment'\n"
                "assert db.database.obj is None, 'importing bound a database'\n")
        result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
        assert result.returncode == 0, (f"importing {module} must not touch the database or boot a "
                                        f"deployment:\n{result.stderr[-2000:]}")

    def test_imports_only_the_plugin_api(self):
        offenders = []
        for path in self.package_dir().rglob("*.py"):
            if "migrations" in path.parts:
                continue
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if CORE_IMPORT.match(line) and not ALLOWED_IMPORT.match(line):
                    offenders.append(f"{path.name}:{number}: {line.strip()}")
        assert not offenders, ("import from gezinsroute.plugin_api (the documented surface), not core "
                               "internals:\n" + "\n".join(offenders))

    # -- 3. hooks ---------------------------------------------------------------------------------
    def test_hooks_are_known_and_have_no_defaults(self, tmp_path):
        try:
            rt = self.runtime(tmp_path)
        finally:
            set_current(None)
        plugin = rt.pm.get_plugin(self.plugin)
        for caller in rt.pm.get_hookcallers(plugin) or []:
            for impl in caller.get_hookimpls():
                if impl.plugin is plugin:
                    params = inspect.signature(impl.function).parameters.values()
                    assert all(p.default is inspect.Parameter.empty for p in params), (
                        f"hook {caller.name} gives an argument a default value; remove it")

    # -- 4. config ---------------------------------------------------------------------------------
    def readme_text(self) -> str:
        """The README from the source tree, or as packaged in the distribution's metadata."""
        readme = self.package_dir().parents[1] / "README.md"
        if readme.exists():
            return readme.read_text(encoding="utf-8")
        metadata = self.entry_point()[0].dist.metadata
        text = metadata.get_payload() if hasattr(metadata, "get_payload") else metadata.get("Description")
        assert text, f"write a README.md with an example [plugins.{self.plugin}] block (readme = in pyproject)"
        return text

    def readme_example(self) -> dict:
        for block in re.findall(r"```toml\n(.*?)```", self.readme_text(), re.S):
            data = tomllib.loads(block)
            if self.plugin in data.get("plugins", {}):
                return data["plugins"][self.plugin]
        raise AssertionError(f"README.md has no ```toml block with [plugins.{self.plugin}]")

    def test_config_schema_validates_the_readme_example(self, tmp_path):
        example = self.readme_example()
        rt = None
        try:
            rt = self.runtime(tmp_path)
            schemas = dict(rt.call("register_config_schema"))
        finally:
            set_current(None)
        schema_cls = schemas.get(self.plugin)
        if schema_cls is None:
            assert not example, "the README shows settings but the plugin registers no config schema"
            return
        try:
            schema_cls().load(example)
        except ValidationError as exc:
            raise AssertionError(f"the README example does not validate: {exc.messages}") from None
        schema_cls().load({})  # every key has a default

    # -- 5. models and migrations -------------------------------------------------------------------
    def test_tables_are_prefixed_and_migrations_match_the_models(self, tmp_path):
        from ..db import BaseModel
        from ..models import CORE_MODELS

        rt = self.runtime(tmp_path)
        try:
            db = rt.connect()
            models = rt.plugin_models().get(self.plugin, [])
            core_tables = {m._meta.table_name for m in CORE_MODELS}
            for model in models:
                assert issubclass(model, BaseModel), f"{model.__name__} must subclass BaseModel"
                table = model._meta.table_name
                assert table.startswith(self.plugin + "_"), f"table '{table}' must start with '{self.plugin}_'"
                assert table not in core_tables, f"{model.__name__} must not use a core table"
            if models:
                sources = [s.name for s in migrate.sources(rt)]
                assert self.plugin in sources, "return your migrations directory from register_migrations()"
            migrate.upgrade(rt, db)
            difference = diff_models(db, models)
            assert not difference, f"migrations do not bring an empty database to the models: {difference}"
        finally:
            set_current(None)

    # -- 6. admin ----------------------------------------------------------------------------------
    def test_admin_views_never_500(self, tmp_path):
        from flask import g

        from ..app import create_app
        from ..models import Worker

        rt = self.runtime(tmp_path)
        try:
            db = rt.connect()
            migrate.upgrade(rt, db)
            app = create_app(rt, testing=True, config={"WTF_CSRF_ENABLED": False})
            admin = app.extensions["admin"][0]
            views = [v for v in admin._views if getattr(v, "endpoint", "").startswith(self.plugin + "_")]
            superuser = Worker.create(username="conformance", full_name="Conformance")

            @app.before_request
            def _as_superuser():
                g.worker = superuser
                g.roles = {"app_admin", "worker", "teamleider", "privacy_officer"}
                g.permission_checker = lambda worker, permission: True
                g.family_checker = lambda worker, family_id: True

            client = app.test_client()
            for view in views:
                base = view.url
                for url in (f"{base}/", f"{base}/new/", f"{base}/details/?id=999999",
                            f"{base}/edit/?id=999999"):
                    response = client.get(url)
                    assert response.status_code < 500, f"{url} answered {response.status_code}"
        finally:
            set_current(None)

    # -- 7. translations ---------------------------------------------------------------------------
    def test_translations_are_compiled_in_the_installed_package(self, tmp_path):
        rt = self.runtime(tmp_path)
        set_current(None)
        directory = dict(rt.call("register_translations")).get(self.plugin)
        assert directory, "return your translations directory from register_translations()"
        po_files = list(Path(directory).glob(f"*/LC_MESSAGES/{self.plugin}.po"))
        assert any(p.parts[-3] == "nl" for p in po_files), f"add nl/LC_MESSAGES/{self.plugin}.po"
        for po_path in po_files:
            mo_path = po_path.with_suffix(".mo")
            assert mo_path.exists(), f"compile {po_path} (pybabel compile)"
            with po_path.open("rb") as f:
                po = read_po(f)
            with mo_path.open("rb") as f:
                mo = read_mo(f)
            wanted = {m.id for m in po if m.id and m.string and not m.fuzzy}
            compiled = {m.id for m in mo if m.id}
            assert wanted <= compiled, f"{mo_path} is out of date: run pybabel compile"

    # -- 8. coexistence ----------------------------------------------------------------------------
    def test_boots_with_every_installed_plugin(self, tmp_path):
        everything = sorted({ep.name for ep in importlib.metadata.entry_points(group=GROUP)})
        try:
            boot(_deployment(tmp_path, everything))
        finally:
            set_current(None)


__all__ = ["PluginConformance"]
