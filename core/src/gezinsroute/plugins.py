"""Loading the plugins a deployment names, and calling their hooks.

Only the plugins the deployment names are imported (pluggy loads one entry point
by name). Order in the deployment file is priority: the first listed plugin is
registered last, and pluggy calls the last registered implementation first.
"""

from __future__ import annotations

import importlib.metadata
import inspect

import pluggy

from . import hookspecs
from .errors import PluginHookError, StartupError

GROUP = "gezinsroute"
DEFAULT_PLUGINS = ("gezinsroute.defaults",)


class PluginNotInstalled(Exception):
    def __init__(self, name: str):
        self.name = name
        dist = "gezinsroute-" + name.replace("_", "-")
        super().__init__(
            f"plugin '{name}' is not installed. Install the distribution that provides the "
            f"'{name}' entry point in group '{GROUP}', e.g. `pip install {dist}` "
            f"(from this repository: `pip install -e plugins/{name}`).")


def make_plugin_manager() -> pluggy.PluginManager:
    pm = pluggy.PluginManager(GROUP)
    pm.add_hookspecs(hookspecs)
    for module_name in DEFAULT_PLUGINS:
        module = __import__(module_name, fromlist=["*"])
        pm.register(module, name="core")
    return pm


def load_plugins(pm: pluggy.PluginManager, names: list[str]) -> None:
    """Load exactly ``names`` (in priority order) and verify their hooks."""
    for name in reversed(names):
        if pm.get_plugin(name) is not None:
            continue
        if pm.load_setuptools_entrypoints(GROUP, name=name) == 0:
            raise PluginNotInstalled(name)
    verify_hooks(pm)


def verify_hooks(pm: pluggy.PluginManager) -> None:
    """Misspelt hooks and default arguments fail startup, naming the plugin."""
    try:
        pm.check_pending()
    except pluggy.PluginValidationError as exc:
        raise StartupError(f"plugin '{pm.get_name(exc.plugin)}': {exc}") from None
    for name in dir(pm.hook):
        if name.startswith("_"):
            continue
        for impl in getattr(pm.hook, name).get_hookimpls():
            params = inspect.signature(impl.function).parameters.values()
            defaults = [p.name for p in params if p.default is not inspect.Parameter.empty]
            if defaults:
                raise StartupError(
                    f"plugin '{impl.plugin_name}': hook '{name}' gives a default value to "
                    f"{', '.join(defaults)}; pluggy never passes such arguments. Remove the default.")


def call(pm: pluggy.PluginManager, hook: str, **kwargs) -> list[tuple[str, object]]:
    """Call ``hook`` on every plugin in priority order; return ``(plugin, result)`` pairs.

    Results are attributed to plugins so startup errors can name them, and an
    exception inside a plugin becomes :class:`PluginHookError` naming plugin and hook.
    ``None`` results are left out.
    """
    caller = getattr(pm.hook, hook)
    results = []
    for impl in reversed(caller.get_hookimpls()):
        args = {a: kwargs[a] for a in impl.argnames}
        try:
            result = impl.function(**args)
        except PluginHookError:
            raise
        except Exception as exc:  # noqa: BLE001 - re-raised with the plugin's name
            from .errors import GezinsrouteError

            if isinstance(exc, GezinsrouteError):
                raise
            raise PluginHookError(impl.plugin_name, hook, exc) from exc
        if result is not None:
            results.append((impl.plugin_name, result))
    return results


def plugin_info(pm: pluggy.PluginManager, enabled: list[str]) -> list[dict]:
    """Name, distribution, version and implemented hooks of each enabled plugin."""
    dists = {pm.get_name(plugin): dist for plugin, dist in pm.list_plugin_distributions()}
    info = []
    for name in enabled:
        plugin = pm.get_plugin(name)
        dist = dists.get(name)
        hooks = sorted(caller.name for caller in (pm.get_hookcallers(plugin) or []))
        info.append({
            "name": name,
            "distribution": (getattr(dist, "project_name", None) or dist.metadata["Name"]) if dist else None,
            "version": dist.version if dist else None,
            "hooks": hooks,
        })
    return info


def installed_plugins() -> list[tuple[str, str, str]]:
    """Every installed plugin entry point: (name, distribution, version)."""
    found = []
    for ep in importlib.metadata.entry_points(group=GROUP):
        dist = ep.dist
        found.append((ep.name, dist.metadata["Name"] if dist else "?", dist.version if dist else "?"))
    return sorted(found)
