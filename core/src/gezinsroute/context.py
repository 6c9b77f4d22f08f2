"""Who is acting right now: the actor of the current request or command.

The audit log needs the user, role, purpose of use and access point for every
read and change. The web layer sets it per request, the CLI sets a system actor.
"""

from __future__ import annotations

import contextlib
from contextvars import ContextVar
from dataclasses import dataclass, replace


@dataclass(frozen=True)
class Actor:
    worker_id: int | None
    username: str
    role: str | None = None
    purpose: str = "care"            # NEN 7513 PurposeOfUse
    access_point: str | None = None  # NEN 7513 NetworkAccessPointID (IP address)
    on_behalf_of: str | None = None
    emergency: bool = False          # break-the-glass in force
    authorisation_checked: bool = False
    relationship_checked: bool = False
    consent_checked: bool = False

    def with_checks(self, **flags) -> Actor:
        return replace(self, **flags)


SYSTEM = Actor(worker_id=None, username="system", role="system", purpose="system",
               authorisation_checked=True)

_actor: ContextVar[Actor] = ContextVar("gezinsroute_actor", default=SYSTEM)


def current_actor() -> Actor:
    return _actor.get()


@contextlib.contextmanager
def acting_as(actor: Actor):
    token = _actor.set(actor)
    try:
        yield actor
    finally:
        _actor.reset(token)


def set_actor(actor: Actor):
    """Set the actor for the rest of this context (used per web request)."""
    return _actor.set(actor)
