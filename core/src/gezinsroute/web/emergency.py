"""Break-the-glass: a configured role opens a family outside need-to-know.

A reason is required; the grant lasts a few hours (``GEZINSROUTE_EMERGENCY_HOURS``,
default 4); every read under it is audited with event type ``emergency`` and the
emergency control flag, and the privacy officer reviews each grant.
"""

from __future__ import annotations

import datetime as dt

from flask import Blueprint, abort, current_app, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _

from .. import access, context, permissions
from ..models import EmergencyAccess, Family
from ..models.base import utcnow
from ..services import audit

bp = Blueprint("core_emergency", __name__)

MIN_REASON = 15


def allowed() -> bool:
    roles = current_app.config.get("GEZINSROUTE_EMERGENCY_ROLES", permissions.EMERGENCY_ROLES)
    return (access.current_worker() is not None and access.has_permission("case.read")
            and permissions.may_break_glass(access.current_roles(), roles))


@bp.route("/emergency", methods=["GET", "POST"])
@access.login_required
def emergency():
    if not allowed():
        abort(404)
    hours = int(current_app.config.get("GEZINSROUTE_EMERGENCY_HOURS", permissions.EMERGENCY_HOURS))
    errors = []
    form = request.form if request.method == "POST" else {}
    if request.method == "POST":
        reference = (request.form.get("reference") or "").strip()
        reason = (request.form.get("reason") or "").strip()
        family = Family.get_or_none(Family.reference == reference) if reference else None
        if family is None:
            errors.append(_("No family with this reference."))
        if len(reason) < MIN_REASON:
            errors.append(_("Give the reason for emergency access (at least %(n)s characters).", n=MIN_REASON))
        if not errors:
            now = utcnow()
            grant = EmergencyAccess.create(worker=g.worker.id, family=family.id, reason=reason[:2000],
                                           started_at=now, expires_at=now + dt.timedelta(hours=hours),
                                           hours=hours)
            actor = context.current_actor().with_checks(emergency=True, authorisation_checked=True)
            audit.append("E", "emergency_access", object_id=grant.id, family_id=family.id,
                         detail=f"break-the-glass for {hours} h: {reason[:500]}", event_type="emergency",
                         actor=actor)
            flash(_("Emergency access granted for %(hours)s hours. Every action is logged and reviewed.",
                    hours=hours), "warning")
            return redirect(url_for("core_cases.family", family_id=family.id))
    return render_template("gezinsroute/emergency.html", errors=errors, hours=hours, form=form,
                           min_reason=MIN_REASON), 422 if errors else 200
