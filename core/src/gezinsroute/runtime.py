"""The booted platform: a validated deployment, its plugins and what they registered.

``boot()`` is the only place (with ``create_app`` and the CLI calling it) where
plugins get loaded; nothing is loaded at import time.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pluggy

from . import deployment as deployment_mod
from . import plugins as plugins_mod
from .db import bind
from .errors import ConfigError, StartupError
from .registry import EscalationLadder, Registry

_current: Runtime | None = None


class Runtime:
    def __init__(self, deployment: deployment_mod.Deployment, pm: pluggy.PluginManager,
                 registry: Registry):
        self.deployment = deployment
        self.pm = pm
        self.registry = registry
        self.database = None

    # hooks ------------------------------------------------------------------------------
    def call(self, hook: str, **kwargs) -> list[tuple[str, object]]:
        return plugins_mod.call(self.pm, hook, **kwargs)

    def collect(self, hook: str, **kwargs) -> list:
        """Flatten list results of a ``register_*`` hook, in priority order."""
        items = []
        for _plugin, result in self.call(hook, **kwargs):
            items.extend(result)
        return items

    @property
    def plugin_names(self) -> list[str]:
        return list(self.deployment.plugins)

    def plugin_models(self) -> dict[str, list]:
        return {name: list(models) for name, models in self.call("register_models")}

    # database ---------------------------------------------------------------------------
    def connect(self):
        self.database = bind(self.deployment.database_url)
        return self.database


def boot(path: str | Path | None = None, *, deployment: deployment_mod.Deployment | None = None,
         extra_plugins: list | None = None, activate: bool = True) -> Runtime:
    """Validate a deployment and load its plugins. Writes nothing anywhere.

    Raises :class:`ConfigError` (file, key, reason) or :class:`StartupError` (plugin, problem).
    """
    dep = deployment or deployment_mod.read(path)
    pm = plugins_mod.make_plugin_manager()
    for obj, name in extra_plugins or ():
        pm.register(obj, name=name)
    try:
        plugins_mod.load_plugins(pm, dep.plugins)
    except plugins_mod.PluginNotInstalled as exc:
        index = dep.plugins.index(exc.name)
        raise ConfigError(dep.path, [(f"deployment.plugins[{index}]", str(exc))]) from None
    schemas = dict(plugins_mod.call(pm, "register_config_schema"))
    deployment_mod.validate_plugin_settings(dep, schemas)
    registry = build_registry(pm, dep)
    rt = Runtime(dep, pm, registry)
    if activate:
        set_current(rt)
    return rt


def build_registry(pm: pluggy.PluginManager, dep: deployment_mod.Deployment) -> Registry:
    registry = Registry()
    for plugin, methodologies in plugins_mod.call(pm, "register_methodologies", deployment=dep):
        for m in _as_list(plugin, "register_methodologies", methodologies):
            registry.add_methodology(plugin, m)
    for plugin, definitions in plugins_mod.call(pm, "register_definitions", deployment=dep):
        for d in _as_list(plugin, "register_definitions", definitions):
            registry.add_definition(plugin, d)
    for plugin, reports in plugins_mod.call(pm, "register_reports", deployment=dep):
        for r in _as_list(plugin, "register_reports", reports):
            registry.add_report(plugin, r)
    _apply_overrides(registry, dep)
    registry.check_references()
    return registry


def _as_list(plugin: str, hook: str, value) -> list:
    if not isinstance(value, (list, tuple)):
        raise StartupError(f"plugin '{plugin}': {hook} must return a list, not {type(value).__name__}")
    return list(value)


def _apply_overrides(registry: Registry, dep: deployment_mod.Deployment) -> None:
    errors = []
    ladders = registry.ladders
    for key, override in dep.escalation_overrides.items():
        steps = tuple((s["role"], s["days"]) for s in override["steps"])
        if key in ladders:
            label = override.get("label") or ladders[key].label
            ladders[key] = dataclasses.replace(ladders[key], steps=steps, label=label)
        else:
            ladders[key] = EscalationLadder(key=key, label=override.get("label") or key, steps=steps)
    rules = registry.cadence_rules
    for key, override in dep.signal_overrides.items():
        if key not in rules:
            errors.append((f'signals."{key}"', "no enabled plugin has a cadence rule with this key "
                           f"(known: {', '.join(sorted(rules)) or 'none'})"))
            continue
        if "ladder" in override and override["ladder"] not in ladders:
            errors.append((f'signals."{key}".ladder', f"unknown escalation ladder '{override['ladder']}'"))
            continue
        rules[key] = dataclasses.replace(rules[key], **override)
    if errors:
        raise ConfigError(dep.path, errors)


def set_current(rt: Runtime | None) -> None:
    global _current
    _current = rt


def current(required: bool = True) -> Runtime | None:
    if _current is None and required:
        raise RuntimeError("no deployment is booted; call gezinsroute.runtime.boot() first")
    return _current


def registry() -> Registry:
    return current().registry
