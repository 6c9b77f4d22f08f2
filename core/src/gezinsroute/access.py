"""Who may do what. Deny by default.

Need-to-know: a worker sees a family only while involved with it (an active
:class:`Involvement`), or as teamleider of an involved worker's team. Anything
else is a 404 that leaks nothing. Every read of a family's data is audited.

Plugin views use :func:`login_required`, :func:`family_or_404` and
:func:`trajectory_or_404`; they never query families without these.
"""

from __future__ import annotations

import functools

from flask import abort, g

from .models import Family, Involvement, Trajectory, Worker
from .services import audit
from .services.involvements import active


def current_worker() -> Worker | None:
    """The logged-in :class:`Worker` of this request, or ``None``."""
    return getattr(g, "worker", None)


def current_roles() -> set[str]:
    worker = current_worker()
    return set(getattr(g, "roles", None) or (worker.roles if worker else ()))


def has_role(*roles: str) -> bool:
    return bool(current_roles() & set(roles))


def has_permission(permission: str) -> bool:
    worker = current_worker()
    if worker is None:
        return False
    checker = getattr(g, "permission_checker", None)
    return bool(checker and checker(worker, permission))


def login_required(view):
    """Refuse anonymous requests (401); the access layer redirects browsers to the login page."""

    @functools.wraps(view)
    def wrapper(*args, **kwargs):
        if current_worker() is None:
            abort(401)
        return view(*args, **kwargs)

    return wrapper


def visible_family_ids(worker: Worker):
    """A subquery of the family ids ``worker`` may see (need-to-know)."""
    own = active(Involvement.select(Involvement.family).where(Involvement.worker == worker.id))
    if "teamleider" in (getattr(g, "roles", None) or worker.roles) and worker.team_id:
        team = Worker.select(Worker.id).where(Worker.team == worker.team_id)
        own = own | active(Involvement.select(Involvement.family).where(Involvement.worker.in_(team)))
    return own


def can_see_family(worker: Worker | None, family_id: int) -> bool:
    if worker is None:
        return False
    checker = getattr(g, "family_checker", None)
    if checker is not None:
        return bool(checker(worker, family_id))
    return Family.select(Family.id).where(
        (Family.id == family_id) & Family.id.in_(visible_family_ids(worker))).exists()


def family_or_404(family_id: int, detail: str | None = None) -> Family:
    """The family, if the current worker may see it; the read is audited."""
    worker = current_worker()
    if worker is None or not can_see_family(worker, family_id):
        abort(404)
    family = Family.get_or_none(Family.id == family_id)
    if family is None:
        abort(404)
    audit.record_read("family", family.id, family.id, detail)
    return family


def trajectory_or_404(trajectory_id: int, detail: str | None = None) -> Trajectory:
    """The trajectory, if the current worker may see its family; the read is audited."""
    trajectory = Trajectory.get_or_none(Trajectory.id == trajectory_id)
    worker = current_worker()
    if trajectory is None or worker is None or not can_see_family(worker, trajectory.family_id):
        abort(404)
    audit.record_read("trajectory", trajectory.id, trajectory.family_id, detail)
    return trajectory
