"""Errors the core raises. Each carries readable problems, never SQL or a traceback."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One reason something was refused (or a warning), optionally tied to a field."""

    message: str
    field: str | None = None
    severity: str = "error"  # "error" refuses, "warning" informs

    @classmethod
    def coerce(cls, value) -> Problem:
        if isinstance(value, Problem):
            return value
        return cls(str(value))

    def as_dict(self) -> dict:
        return {"field": self.field, "message": str(self.message), "severity": self.severity}


class GezinsrouteError(Exception):
    """Base class for errors with user-facing problems."""

    status = 400

    def __init__(self, problems):
        if isinstance(problems, (str, Problem)):
            problems = [problems]
        self.problems = [Problem.coerce(p) for p in problems]
        super().__init__("; ".join(str(p.message) for p in self.problems))


class ValidationFailed(GezinsrouteError):
    status = 422


class TransitionRefused(GezinsrouteError):
    """A phase transition was refused; nothing was changed."""

    status = 422


class ConsentMissing(GezinsrouteError):
    status = 422


class ConflictError(GezinsrouteError):
    """Optimistic concurrency: the record changed since it was read."""

    status = 409


class NotFound(GezinsrouteError):
    status = 404


class ConfigError(Exception):
    """A deployment file is invalid: names the file, the key and the reason."""

    def __init__(self, path, errors: list[tuple[str, str]]):
        self.path = str(path)
        self.errors = errors
        lines = [f"{self.path}: {key}: {reason}" for key, reason in errors]
        super().__init__("\n".join(lines))


class StartupError(Exception):
    """A plugin contributed something invalid; names the plugin and the problem."""


class PluginHookError(Exception):
    """A plugin's hook raised: names the plugin and the hook."""

    def __init__(self, plugin: str, hook: str, original: BaseException):
        self.plugin = plugin
        self.hook = hook
        self.original = original
        super().__init__(f"plugin '{plugin}' failed in hook '{hook}': "
                         f"{type(original).__name__}: {original}")
