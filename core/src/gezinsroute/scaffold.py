"""``gezinsroute new-plugin NAME``: write an installable methodology plugin that passes its own tests.

The generated plugin is small but real: phases with a transition rule, a plan
kind, a cadence signal, a model with its migration, an admin view, Dutch and
English translations, a config section, the conformance kit and rule tests.
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from string import Template

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

SLUG = re.compile(r"^[a-z][a-z0-9_]{1,30}$")

FILES: dict[str, str] = {}

FILES["pyproject.toml"] = '''[build-system]
requires = ["setuptools>=68"]
build-backend = "setuptools.build_meta"

[project]
name = "gezinsroute-${dist}"
version = "0.1.0"
description = "${title}: a Gezinsroute methodology plugin"
readme = "README.md"
requires-python = ">=3.11"
dependencies = ["gezinsroute-core>=0.1,<1", "gezinsroute-admin>=0.1,<1"]

[project.entry-points.gezinsroute]
${slug} = "gezinsroute_${slug}"

[tool.setuptools.packages.find]
where = ["src"]

[tool.setuptools.package-data]
gezinsroute_${slug} = ["migrations/*.py", "translations/*/LC_MESSAGES/*"]
'''

FILES["README.md"] = '''# gezinsroute-${dist}

${title}: a methodology plugin for Gezinsroute.

Phases: aanmelding → begeleiding → afgesloten. A trajectory moves to *begeleiding* only after at
least one note was written; a contact is due every `contact_every_days` days.

## Settings

| Key | Default | Meaning |
|---|---|---|
| `contact_every_days` | 28 | days between contacts before a signal is due |

```toml
[plugins.${slug}]
contact_every_days = 21
```

Enable it by adding `"${slug}"` to `plugins` in a deployment file.
'''

FILES["src/gezinsroute_${slug}/__init__.py"] = '''"""${title}: hook implementations (thin; the work lives in the modules they import)."""

from gezinsroute import hookimpl
from gezinsroute.plugin_api import package_hooks

PLUGIN_NAME = "${slug}"
# Models (models.MODELS), migrations/ and translations/ are registered by convention.
register_models, register_migrations, register_translations = package_hooks(__name__)


@hookimpl
def register_config_schema():
    from .config import Settings

    return Settings


@hookimpl
def register_methodologies():
    from .methodology import methodology

    return [methodology()]


@hookimpl
def register_definitions(deployment):
    from .methodology import definitions

    return definitions(deployment.plugin_config(PLUGIN_NAME))


@hookimpl
def validate_transition(trajectory, to_phase):
    from .rules import transition_problems

    return transition_problems(trajectory, to_phase)


@hookimpl
def register_admin_views(app):
    from .admin import views

    return views()
'''

FILES["src/gezinsroute_${slug}/config.py"] = '''"""The [plugins.${slug}] section of a deployment file."""

from marshmallow import Schema, fields, validate


class Settings(Schema):
    contact_every_days = fields.Integer(load_default=28, validate=validate.Range(min=1, max=365))
'''

FILES["src/gezinsroute_${slug}/methodology.py"] = '''"""The methodology: phases, transitions, a plan kind and a cadence rule."""

from gezinsroute.plugin_api import CadenceRule, Methodology, Phase, PlanKind, contacts, lazy_gettext as _l


def methodology() -> Methodology:
    return Methodology(
        key="${slug}", label=_l("${title}"),
        phases=(Phase("aanmelding", _l("Registration")), Phase("begeleiding", _l("Support")),
                Phase("afgesloten", _l("Closed"), closed=True)),
        transitions=(("aanmelding", "begeleiding"), ("begeleiding", "afgesloten"),
                     ("aanmelding", "afgesloten")))


def definitions(settings: dict) -> list:
    return [
        PlanKind("${slug}.plan", _l("Support plan"), methodologies=("${slug}",)),
        CadenceRule("${slug}.contact", _l("Contact due"), methodologies=("${slug}",),
                    every_days=settings["contact_every_days"], warn_days=7,
                    last_done=lambda trajectory: contacts.last_contact_on(trajectory)),
    ]
'''

FILES["src/gezinsroute_${slug}/models.py"] = '''"""The plugin's own table: notes on a trajectory (tables are prefixed with the slug)."""

from peewee import DateField, ForeignKeyField, TextField

from gezinsroute.plugin_api import AuditedModel, Trajectory


class Note(AuditedModel):
    trajectory = ForeignKeyField(Trajectory, backref="${slug}_notes", on_delete="CASCADE")
    written_on = DateField()
    text = TextField()

    class Meta:
        table_name = "${slug}_note"

    def audit_family_id(self):
        return self.trajectory.family_id


MODELS = [Note]
'''

FILES["src/gezinsroute_${slug}/rules.py"] = '''"""Transition rules: a refused transition returns readable problems and changes nothing."""

from gezinsroute.plugin_api import Problem, gettext as _

from .models import Note


def transition_problems(trajectory, to_phase) -> list:
    if trajectory.methodology != "${slug}":
        return []
    if to_phase == "begeleiding" and not Note.select().where(Note.trajectory == trajectory.id).exists():
        return [Problem(_("Write a note about the registration before support starts."), "to_phase")]
    return []
'''

FILES["src/gezinsroute_${slug}/admin.py"] = '''"""Admin view for the plugin's notes."""

from gezinsroute.plugin_api import lazy_gettext as _l
from gezinsroute_admin import SecureModelView

from .models import Note


class NoteAdmin(SecureModelView):
    column_list = ("trajectory", "written_on", "text")


def views() -> list:
    return [NoteAdmin(Note, name=_l("Notes"), category=_l("${title}"), endpoint="${slug}_note")]
'''

FILES["tests/test_${slug}_conformance.py"] = '''from gezinsroute.testing.conformance import PluginConformance


class TestConformance(PluginConformance):
    plugin = "${slug}"
'''

FILES["tests/test_${slug}_rules.py"] = '''import datetime as dt

import pytest

from gezinsroute.plugin_api import Signal, TransitionRefused, Trajectory, families, trajectories
from gezinsroute_${slug}.models import Note

pytestmark = pytest.mark.gezinsroute_plugins("${slug}")


def open_one():
    family = families.create_family("Gezin Proef", members=[
        {"role": "parent", "given_name": "Sam", "family_name": "Proef", "has_authority": True}])
    return trajectories.open_trajectory(family, "${slug}", started_on=dt.date(2026, 1, 5))


def test_support_needs_a_note_first(gz):
    trajectory = open_one()
    with pytest.raises(TransitionRefused, match="Write a note"):
        trajectories.transition(trajectory, "begeleiding")
    assert Trajectory.get_by_id(trajectory.id).phase == "aanmelding"
    Note.create(trajectory=trajectory, written_on=dt.date(2026, 1, 6), text="Kennismaking")
    trajectories.transition(trajectory, "begeleiding")
    assert Trajectory.get_by_id(trajectory.id).phase == "begeleiding"


def test_contact_signal_follows_the_setting(gz):
    trajectory = open_one()
    every = gz.deployment.plugin_config("${slug}")["contact_every_days"]
    signal = Signal.get((Signal.trajectory == trajectory.id) & (Signal.rule == "${slug}.contact"))
    assert signal.due_on == dt.date(2026, 1, 5) + dt.timedelta(days=every)
'''

MESSAGES = {
    "Registration": "Aanmelding",
    "Support": "Begeleiding",
    "Closed": "Afgesloten",
    "Support plan": "Ondersteuningsplan",
    "Contact due": "Contact nodig",
    "Notes": "Notities",
    "Write a note about the registration before support starts.":
        "Schrijf eerst een notitie over de aanmelding voordat de begeleiding start.",
}


def _po(values: dict, locale: str) -> str:
    lines = ['msgid ""', 'msgstr ""',
             f'"Project-Id-Version: gezinsroute-{values["dist"]}\\n"', f'"Language: {locale}\\n"',
             '"MIME-Version: 1.0\\n"', '"Content-Type: text/plain; charset=utf-8\\n"',
             '"Content-Transfer-Encoding: 8bit\\n"', ""]
    for msgid, dutch in MESSAGES.items():
        lines += [f'msgid "{msgid}"', f'msgstr "{dutch if locale == "nl" else msgid}"', ""]
    return "\n".join(lines)


def render(name: str, target: Path, title: str | None = None) -> Path:
    """Write the plugin ``name`` into ``target/gezinsroute-<name>``; return that directory."""
    if not SLUG.match(name):
        raise ValueError("a plugin name is a lowercase slug: letters, digits and '_', starting with a letter")
    values = {"slug": name, "dist": name.replace("_", "-"), "title": title or name.replace("_", " ").title()}
    root = Path(target) / f"gezinsroute-{values['dist']}"
    if root.exists():
        raise FileExistsError(f"{root} already exists")
    for relative, template in FILES.items():
        path = root / Template(relative).substitute(values)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(Template(template).substitute(values), encoding="utf-8")
    package = root / "src" / f"gezinsroute_{name}"
    _write_migration(package, name)
    for locale in ("nl", "en"):
        folder = package / "translations" / locale / "LC_MESSAGES"
        folder.mkdir(parents=True)
        po_text = _po(values, locale)
        (folder / f"{name}.po").write_text(po_text, encoding="utf-8")
        catalog = read_po(io.StringIO(po_text), locale=locale)
        with (folder / f"{name}.mo").open("wb") as handle:
            write_mo(handle, catalog)
    return root


def _write_migration(package: Path, name: str) -> None:
    """Freeze the template's model into SQL, exactly as `gezinsroute db new --initial` does."""
    from peewee import DateField, ForeignKeyField, TextField

    from .db import BaseModel
    from .migrate import render_initial_migration
    from .models import Trajectory

    class Note(BaseModel):
        trajectory = ForeignKeyField(Trajectory, backref=f"_scaffold_{name}", on_delete="CASCADE")
        written_on = DateField()
        text = TextField()

        class Meta:
            table_name = f"{name}_note"

    folder = package / "migrations"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "0001_initial.py").write_text(render_initial_migration([Note], f"{name} tables"))
