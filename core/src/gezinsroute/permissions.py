"""Roles to permissions. Deny by default.

The registry holds the roles (the core's defaults and any a plugin adds with
:class:`gezinsroute.registry.Role`); this module says what each may do. A plugin
role that sees case files (``sees_case_files=True``) and is not listed here gets
the ordinary case permissions; one that does not see case files gets none.

Permissions:

``case.read`` / ``case.write``
    open and change family dossiers, always limited by need-to-know.
``signals.team``
    the team's signals (teamleider).
``emergency.use``
    break-the-glass access to a family outside need-to-know.
``admin.view`` / ``admin.manage``
    the administration screens (configuration only, never client data).
``audit.read``
    the audit log and the break-the-glass review list (privacy officer).
``report.aggregate``
    aggregate reports only, small cells suppressed (policy officer).
``volunteer.manage`` / ``volunteer.portal``
    volunteer coordination and the volunteer's own portal (no case file).
"""

from __future__ import annotations

from collections.abc import Iterable

CASE = frozenset({"case.read", "case.write"})

ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    "worker": CASE,
    "teamleider": CASE | {"signals.team", "emergency.use", "report.aggregate"},
    "gedragswetenschapper": CASE | {"emergency.use"},
    "volunteer_coordinator": frozenset({"volunteer.manage"}),
    "volunteer": frozenset({"volunteer.portal"}),
    "policy_officer": frozenset({"report.aggregate"}),
    "app_admin": frozenset({"admin.view", "admin.manage"}),
    "privacy_officer": frozenset({"audit.read", "admin.view"}),
}

# Roles that may break the glass by default (a deployment may narrow or widen this
# with the Flask setting ``GEZINSROUTE_EMERGENCY_ROLES``).
EMERGENCY_ROLES = ("teamleider", "gedragswetenschapper")
EMERGENCY_HOURS = 4

ALL_PERMISSIONS = frozenset().union(*ROLE_PERMISSIONS.values())


def permissions_for(roles: Iterable[str], registry=None) -> frozenset[str]:
    """Every permission the given roles grant. Roles the registry does not know grant nothing."""
    known = registry.roles if registry is not None else None
    granted: set[str] = set()
    for role in roles:
        if known is not None and role not in known:
            continue  # a role left over from a plugin that is no longer enabled
        if role in ROLE_PERMISSIONS:
            granted |= ROLE_PERMISSIONS[role]
        elif known is not None and known[role].sees_case_files:
            granted |= CASE
    return frozenset(granted)


def sees_case_files(roles: Iterable[str], registry) -> bool:
    """Does any of these roles see case files (and so need the second factor)?"""
    return any(role in registry.roles and registry.roles[role].sees_case_files for role in roles)


def needs_second_factor(roles: Iterable[str], registry) -> bool:
    """Case files and the audit log need two factors (NEN 7510 / NEN 7513)."""
    roles = list(roles)
    return sees_case_files(roles, registry) or "audit.read" in permissions_for(roles, registry)


def may_break_glass(roles: Iterable[str], allowed: Iterable[str] = EMERGENCY_ROLES) -> bool:
    return bool(set(roles) & set(allowed))
