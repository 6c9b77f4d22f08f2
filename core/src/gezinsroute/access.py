"""Who may do what. Deny by default.

The access layer (login, roles, need-to-know) answers these questions; until a
worker is logged in, nothing but public pages is reachable.
"""

from __future__ import annotations

from flask import g


def current_worker():
    """The logged-in :class:`Worker` of this request, or ``None``."""
    return getattr(g, "worker", None)


def has_permission(permission: str) -> bool:
    worker = current_worker()
    if worker is None:
        return False
    checker = getattr(g, "permission_checker", None)
    return bool(checker and checker(worker, permission))
