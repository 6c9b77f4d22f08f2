"""A municipality's deployment: one TOML file that combines plugins and reference data.

Loading validates everything before anything is written: the core keys (with
marshmallow), that every named plugin is installed, each plugin's own
``[plugins.<slug>]`` section (with the schema the plugin registers), and what the
plugins register. Every error names the file, the key and the reason.
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from marshmallow import RAISE, Schema, ValidationError, fields, validate, validates_schema

from .errors import ConfigError

ENV_VAR = "GEZINSROUTE_DEPLOYMENT"
LOCALES = ("nl", "en")
GEMEENTECODE = re.compile(r"^GM\d{4}$")
KEY = re.compile(r"^[a-z0-9][a-z0-9_.-]*$")
KEY_ERROR = "use lowercase letters, digits, '-', '_' or '.'"


class _Strict(Schema):
    class Meta:
        unknown = RAISE


class AreaSchema(_Strict):
    code = fields.String(required=True, validate=validate.Length(min=1, max=20))
    name = fields.String(required=True, validate=validate.Length(min=1))


class MunicipalitySchema(_Strict):
    code = fields.String(required=True, validate=validate.Regexp(
        GEMEENTECODE, error="must be a CBS gemeentecode like GM0546"))
    name = fields.String(required=True, validate=validate.Length(min=1))
    areas = fields.List(fields.Nested(AreaSchema), load_default=list)


class TeamSchema(_Strict):
    key = fields.String(required=True, validate=validate.Regexp(KEY, error=KEY_ERROR))
    name = fields.String(required=True)
    municipality = fields.String(load_default=None)


class PartnerSchema(_Strict):
    key = fields.String(required=True, validate=validate.Regexp(KEY, error=KEY_ERROR))
    name = fields.String(required=True, validate=validate.Length(min=1))
    kind = fields.String(required=True)
    areas = fields.List(fields.String(), load_default=list)
    contact_name = fields.String(load_default=None)
    email = fields.Email(load_default=None)
    phone = fields.String(load_default=None)
    address = fields.String(load_default=None)
    capacity = fields.Integer(load_default=None, validate=validate.Range(min=0))
    active = fields.Boolean(load_default=True)
    description = fields.String(load_default=None)


class SignalOverrideSchema(_Strict):
    every_days = fields.Integer(validate=validate.Range(min=1, max=3650))
    warn_days = fields.Integer(validate=validate.Range(min=0, max=365))
    ladder = fields.String()


class LadderStepSchema(_Strict):
    role = fields.String(required=True)
    days = fields.Integer(required=True, validate=validate.Range(min=0, max=365))


class LadderSchema(_Strict):
    label = fields.String(load_default=None)
    steps = fields.List(fields.Nested(LadderStepSchema), required=True,
                        validate=validate.Length(min=1))


class DeploymentSectionSchema(_Strict):
    name = fields.String(required=True, validate=validate.Length(min=1))
    organisation = fields.String(load_default=None)
    plugins = fields.List(fields.String(validate=validate.Regexp(
        r"^[a-z][a-z0-9_]*$", error="plugin names are lowercase slugs")), required=True)
    default_locale = fields.String(load_default="nl", validate=validate.OneOf(LOCALES))
    database_url = fields.String(load_default=None)
    two_factor = fields.Boolean(load_default=True)
    session_idle_minutes = fields.Integer(load_default=30, validate=validate.Range(min=1, max=30))
    session_max_hours = fields.Integer(load_default=12, validate=validate.Range(min=1, max=12))

    @validates_schema
    def _unique_plugins(self, data, **kwargs):
        seen = set()
        for name in data.get("plugins", []):
            if name in seen:
                raise ValidationError(f"plugin '{name}' is listed twice", "plugins")
            seen.add(name)


class DeploymentSchema(_Strict):
    deployment = fields.Nested(DeploymentSectionSchema, required=True)
    municipalities = fields.List(fields.Nested(MunicipalitySchema), required=True,
                                 validate=validate.Length(min=1))
    teams = fields.List(fields.Nested(TeamSchema), load_default=list)
    partner_kinds = fields.Dict(keys=fields.String(), values=fields.String(), load_default=dict)
    partners = fields.List(fields.Nested(PartnerSchema), load_default=list)
    signals = fields.Dict(keys=fields.String(), values=fields.Nested(SignalOverrideSchema),
                          load_default=dict)
    escalation = fields.Dict(keys=fields.String(), values=fields.Nested(LadderSchema),
                             load_default=dict)
    plugins = fields.Dict(keys=fields.String(), values=fields.Dict(), load_default=dict)

    @validates_schema
    def _cross_references(self, data, **kwargs):
        errors: dict[str, Any] = {}
        codes = [m["code"] for m in data.get("municipalities", [])]
        if len(set(codes)) != len(codes):
            errors["municipalities"] = ["a municipality code is listed twice"]
        area_codes = [a["code"] for m in data.get("municipalities", []) for a in m["areas"]]
        if len(set(area_codes)) != len(area_codes):
            errors["municipalities"] = ["an area code is listed twice"]
        kinds = data.get("partner_kinds") or {}
        partner_errors = {}
        keys = set()
        for i, partner in enumerate(data.get("partners", [])):
            problems = {}
            if kinds and partner["kind"] not in kinds:
                problems["kind"] = [f"unknown partner kind '{partner['kind']}'; "
                                    f"declare it in [partner_kinds] (known: {', '.join(sorted(kinds))})"]
            unknown = [a for a in partner["areas"] if a not in area_codes]
            if unknown:
                problems["areas"] = [f"unknown area code(s): {', '.join(unknown)}"]
            if partner["key"] in keys:
                problems["key"] = [f"partner key '{partner['key']}' is listed twice"]
            keys.add(partner["key"])
            if problems:
                partner_errors[i] = problems
        if partner_errors:
            errors["partners"] = partner_errors
        team_errors = {}
        for i, team in enumerate(data.get("teams", [])):
            if team["municipality"] and team["municipality"] not in codes:
                team_errors[i] = {"municipality": [f"unknown municipality '{team['municipality']}'"]}
        if team_errors:
            errors["teams"] = team_errors
        enabled = set(data.get("deployment", {}).get("plugins", []))
        stray = [k for k in (data.get("plugins") or {}) if k not in enabled]
        if stray:
            errors["plugins"] = [f"settings for plugin(s) not listed in deployment.plugins: "
                                 f"{', '.join(stray)}"]
        if errors:
            raise ValidationError(errors)


@dataclass
class Deployment:
    path: Path
    name: str
    plugins: list[str]
    default_locale: str
    database_url: str
    two_factor: bool
    session_idle_minutes: int
    session_max_hours: int
    municipalities: list[dict]
    teams: list[dict]
    partner_kinds: dict[str, str]
    partners: list[dict]
    signal_overrides: dict[str, dict]
    escalation_overrides: dict[str, dict]
    organisation: str | None = None
    plugin_settings: dict[str, dict] = field(default_factory=dict)

    def plugin_config(self, slug: str) -> dict:
        """The validated ``[plugins.<slug>]`` section (defaults filled in)."""
        return self.plugin_settings.get(slug, {})

    @property
    def slug(self) -> str:
        return self.path.stem


def flatten_errors(messages: Any, prefix: str = "") -> list[tuple[str, str]]:
    """Turn marshmallow's nested error dict into ``(dotted.key, reason)`` pairs."""
    out: list[tuple[str, str]] = []
    if isinstance(messages, dict):
        for key, value in messages.items():
            if key == "_schema":
                name = prefix or "(file)"
            elif isinstance(key, int):
                name = f"{prefix}[{key}]"
            else:
                name = f"{prefix}.{key}" if prefix else str(key)
            out.extend(flatten_errors(value, name))
    elif isinstance(messages, list):
        for item in messages:
            if isinstance(item, (dict, list)):
                out.extend(flatten_errors(item, prefix))
            else:
                out.append((prefix or "(file)", _reason(item)))
    else:
        out.append((prefix or "(file)", _reason(messages)))
    return out


def _reason(message: str) -> str:
    return "unknown key" if message == "Unknown field." else str(message)


def resolve_path(path: str | os.PathLike | None) -> Path:
    if path is None:
        path = os.environ.get(ENV_VAR)
    if not path:
        raise ConfigError("(no deployment)", [(
            "--deployment", f"choose a deployment file with -d FILE or the {ENV_VAR} variable")])
    return Path(path)


def read(path: str | os.PathLike | None) -> Deployment:
    """Read and validate the core keys of a deployment file (plugins not yet checked)."""
    path = resolve_path(path)
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(path, [("(file)", "file not found")]) from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(path, [("(file)", f"not valid TOML: {exc}")]) from None
    try:
        data = DeploymentSchema().load(raw)
    except ValidationError as exc:
        raise ConfigError(path, flatten_errors(exc.messages)) from None
    section = data["deployment"]
    default_db = f"sqlite:///instance/{path.stem}.sqlite3"
    database_url = os.environ.get("DATABASE_URL") or section["database_url"] or default_db
    return Deployment(
        path=path,
        name=section["name"],
        organisation=section["organisation"],
        plugins=section["plugins"],
        default_locale=section["default_locale"],
        database_url=database_url,
        two_factor=section["two_factor"],
        session_idle_minutes=section["session_idle_minutes"],
        session_max_hours=section["session_max_hours"],
        municipalities=data["municipalities"],
        teams=data["teams"],
        partner_kinds=data["partner_kinds"],
        partners=data["partners"],
        signal_overrides=data["signals"],
        escalation_overrides=data["escalation"],
        plugin_settings=raw.get("plugins", {}),
    )


def validate_plugin_settings(deployment: Deployment, schemas: dict[str, type[Schema] | None]) -> None:
    """Validate each enabled plugin's section with the schema it registered."""
    errors: list[tuple[str, str]] = []
    validated = {}
    for slug in deployment.plugins:
        raw = deployment.plugin_settings.get(slug, {})
        schema_cls = schemas.get(slug)
        if schema_cls is None:
            if raw:
                errors.append((f"plugins.{slug}", "this plugin takes no settings"))
            validated[slug] = {}
            continue
        try:
            schema = schema_cls()
            schema.unknown = RAISE
            validated[slug] = schema.load(raw)
        except ValidationError as exc:
            errors.extend(flatten_errors(exc.messages, f"plugins.{slug}"))
    if errors:
        raise ConfigError(deployment.path, errors)
    deployment.plugin_settings = validated
