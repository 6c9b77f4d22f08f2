"""What plugins contribute, as plain data, and the checks the core runs on it at startup.

Hooks return these objects; the core validates them once (prefixes, uniqueness,
references) and raises :class:`StartupError` naming the plugin and the problem.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .errors import StartupError


@dataclass(frozen=True)
class Phase:
    key: str
    label: Any
    closed: bool = False  # entering a closed phase ends the trajectory (end reason required)


@dataclass(frozen=True)
class Methodology:
    """A way of working: its phases and the transitions allowed between them."""

    key: str
    label: Any
    phases: tuple[Phase, ...]
    transitions: tuple[tuple[str, str], ...]
    description: Any = ""
    initial_phase: str | None = None
    single_open_per_family: bool = False  # "1 gezin, 1 plan": at most one open trajectory
    responsible_label: Any = None          # what the responsible worker is called

    @property
    def start_phase(self) -> str:
        return self.initial_phase or self.phases[0].key

    def phase(self, key: str) -> Phase | None:
        return next((p for p in self.phases if p.key == key), None)

    def next_phases(self, key: str) -> list[Phase]:
        return [self.phase(b) for a, b in self.transitions if a == key]

    @property
    def closed_phases(self) -> set[str]:
        return {p.key for p in self.phases if p.closed}


@dataclass(frozen=True)
class PlanKind:
    key: str
    label: Any
    methodologies: tuple[str, ...] = ()  # empty: any methodology
    requires_signatures: bool = False


@dataclass(frozen=True)
class Instrument:
    """A registered assessment instrument. ``score`` turns item codes into an outcome code."""

    key: str
    version: str
    label: Any
    items: tuple[str, ...] = ()                         # item codes, never licensed item text
    allowed_scores: tuple[str, ...] = ()               # empty: any code
    item_scores: dict[str, tuple[str, ...]] = field(default_factory=dict)  # per-item allowed codes
    outcomes: tuple[str, ...] = ()
    score: Callable[[dict], str | None] | None = None
    methodologies: tuple[str, ...] = ()


@dataclass(frozen=True)
class MeetingKind:
    key: str
    label: Any
    methodologies: tuple[str, ...] = ()


@dataclass(frozen=True)
class ContactKind:
    key: str
    label: Any
    methodologies: tuple[str, ...] = ()
    quick: bool = False  # recordable in seconds (drop-off/pick-up conversation)


@dataclass(frozen=True)
class InvolvementRole:
    key: str
    label: Any
    kind: str = "worker"  # worker / partner / informal
    professional: bool = True


@dataclass(frozen=True)
class Role:
    """An access role (the access layer maps these to permissions)."""

    key: str
    label: Any
    sees_case_files: bool = True


@dataclass(frozen=True)
class EscalationLadder:
    """Ordered levels; each level has a role that must respond within ``days``.

    A deployment can override the steps of any ladder in ``[escalation.<key>]``.
    """

    key: str
    label: Any
    steps: tuple[tuple[str, int], ...]  # (role, response days)


@dataclass(frozen=True)
class CadenceRule:
    """A declarative rule that keeps a signal due on a trajectory.

    ``last_done(trajectory)`` returns the date the thing last happened (or None);
    the signal is due ``every_days`` after that (or after the trajectory start).
    ``once`` rules disappear when done. The deployment may tune ``every_days``,
    ``warn_days`` and ``ladder`` under ``[signals."<key>"]`` without code.
    """

    key: str
    label: Any
    methodologies: tuple[str, ...]
    every_days: int
    last_done: Callable[[Any], dt.date | None]
    warn_days: int = 7
    working_days: bool = False
    once: bool = False
    phases: tuple[str, ...] = ()       # empty: every open phase
    ladder: str = "default"
    overdue_role: str = "teamleider"
    start: Callable[[Any], dt.date] | None = None
    applies: Callable[[Any], bool] | None = None
    priority: str = "normal"


@dataclass(frozen=True)
class Report:
    """A report a plugin (or the core) offers. ``run(period, deployment)`` returns a table."""

    key: str
    label: Any
    run: Callable[..., ReportTable]
    aggregate_only: bool = True  # no personal data; small cells suppressed for policy roles
    description: Any = ""


@dataclass
class ReportTable:
    columns: list[str]
    rows: list[list[Any]]
    title: str = ""
    notes: list[str] = field(default_factory=list)

    def as_dicts(self) -> list[dict]:
        return [dict(zip(self.columns, r)) for r in self.rows]


@dataclass(frozen=True)
class Action:
    """An action a plugin offers on a trajectory (a link to its own screen)."""

    label: Any
    url: str
    primary: bool = False


@dataclass(frozen=True)
class Panel:
    """A section a plugin adds to the family dossier. ``html`` must be escaped/Markup."""

    title: Any
    html: Any
    order: int = 50


DEFINITION_TYPES = (PlanKind, Instrument, MeetingKind, ContactKind, InvolvementRole, Role,
                    EscalationLadder, CadenceRule)


class Registry:
    """Everything the enabled plugins registered, checked once at startup."""

    def __init__(self):
        self.methodologies: dict[str, Methodology] = {}
        self.definitions: dict[type, dict[str, Any]] = {t: {} for t in DEFINITION_TYPES}
        self.reports: dict[str, Report] = {}
        self.owner: dict[str, str] = {}  # key -> plugin name

    # -- adding -------------------------------------------------------------------------------
    def add_methodology(self, plugin: str, m: Methodology) -> None:
        if not isinstance(m, Methodology):
            raise StartupError(f"plugin '{plugin}': register_methodologies returned {m!r}, "
                               "not a Methodology")
        _check_prefix(plugin, m.key, "methodology", exact_ok=True)
        if m.key in self.methodologies:
            raise StartupError(f"plugin '{plugin}': methodology '{m.key}' is already registered "
                               f"by '{self.owner[m.key]}'")
        keys = [p.key for p in m.phases]
        if not keys:
            raise StartupError(f"plugin '{plugin}': methodology '{m.key}' has no phases")
        if len(set(keys)) != len(keys):
            raise StartupError(f"plugin '{plugin}': methodology '{m.key}' repeats a phase key")
        for a, b in m.transitions:
            if a not in keys or b not in keys:
                raise StartupError(f"plugin '{plugin}': methodology '{m.key}' transition "
                                   f"{a!r} -> {b!r} names an unknown phase")
        if m.start_phase not in keys:
            raise StartupError(f"plugin '{plugin}': methodology '{m.key}' initial phase "
                               f"{m.start_phase!r} is not one of its phases")
        self.methodologies[m.key] = m
        self.owner[m.key] = plugin

    def add_definition(self, plugin: str, d: Any) -> None:
        kind = type(d)
        if kind not in self.definitions:
            raise StartupError(f"plugin '{plugin}': register_definitions returned {d!r}; "
                               f"expected one of {', '.join(t.__name__ for t in DEFINITION_TYPES)}")
        if plugin != "core":
            _check_prefix(plugin, d.key, kind.__name__)
        table = self.definitions[kind]
        if d.key in table:
            raise StartupError(f"plugin '{plugin}': {kind.__name__} '{d.key}' is already "
                               f"registered by '{self.owner.get(kind.__name__ + d.key)}'")
        table[d.key] = d
        self.owner[kind.__name__ + d.key] = plugin

    def add_report(self, plugin: str, report: Report) -> None:
        if not isinstance(report, Report):
            raise StartupError(f"plugin '{plugin}': register_reports returned {report!r}")
        if plugin != "core":
            _check_prefix(plugin, report.key, "report")
        if report.key in self.reports:
            raise StartupError(f"plugin '{plugin}': report '{report.key}' is registered twice")
        self.reports[report.key] = report

    def check_references(self) -> None:
        """Definitions that name methodologies must name registered ones."""
        for kind, table in self.definitions.items():
            for d in table.values():
                for m in getattr(d, "methodologies", ()):
                    if m not in self.methodologies:
                        owner = self.owner.get(kind.__name__ + d.key)
                        raise StartupError(
                            f"plugin '{owner}': {kind.__name__} '{d.key}' applies to methodology "
                            f"'{m}', which no enabled plugin registers")
        for rule in self.cadence_rules.values():
            if rule.ladder not in self.ladders:
                raise StartupError(f"cadence rule '{rule.key}' names unknown escalation ladder "
                                   f"'{rule.ladder}'")

    # -- lookups --------------------------------------------------------------------------------
    @property
    def plan_kinds(self) -> dict[str, PlanKind]:
        return self.definitions[PlanKind]

    @property
    def instruments(self) -> dict[str, Instrument]:
        return self.definitions[Instrument]

    @property
    def meeting_kinds(self) -> dict[str, MeetingKind]:
        return self.definitions[MeetingKind]

    @property
    def contact_kinds(self) -> dict[str, ContactKind]:
        return self.definitions[ContactKind]

    @property
    def involvement_roles(self) -> dict[str, InvolvementRole]:
        return self.definitions[InvolvementRole]

    @property
    def roles(self) -> dict[str, Role]:
        return self.definitions[Role]

    @property
    def ladders(self) -> dict[str, EscalationLadder]:
        return self.definitions[EscalationLadder]

    @property
    def cadence_rules(self) -> dict[str, CadenceRule]:
        return self.definitions[CadenceRule]

    def methodology(self, key: str) -> Methodology:
        try:
            return self.methodologies[key]
        except KeyError:
            raise KeyError(f"methodology '{key}' is not enabled in this deployment") from None

    def for_methodology(self, table: dict, methodology: str) -> list:
        return [d for d in table.values()
                if not getattr(d, "methodologies", ()) or methodology in d.methodologies]


def _check_prefix(plugin: str, key: str, what: str, exact_ok: bool = False) -> None:
    if exact_ok and key == plugin:
        return
    if not key.startswith(plugin + "."):
        raise StartupError(f"plugin '{plugin}': {what} key '{key}' must start with '{plugin}.'")
