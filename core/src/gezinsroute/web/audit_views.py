"""The privacy officer's screens: who looked at a family, what a worker opened,
and the break-the-glass review list. Reading the log is itself logged (``log-access``)."""

from __future__ import annotations

from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _

from ..access import permission_required
from ..models import AuditEntry, EmergencyAccess, Family, Worker
from ..models.base import utcnow
from ..services import audit

bp = Blueprint("core_audit", __name__, url_prefix="/audit")

LIMIT = 500


def _log_access(what: str, family_id=None, object_id=None) -> None:
    audit.append("R", "audit_log", object_id=object_id, family_id=family_id, detail=what,
                 event_type="log-access")


def unreviewed_grants():
    return (EmergencyAccess.select(EmergencyAccess, Worker, Family)
            .join(Worker, on=(EmergencyAccess.worker == Worker.id))
            .switch(EmergencyAccess).join(Family)
            .where(EmergencyAccess.reviewed_at.is_null()).order_by(EmergencyAccess.started_at))


@bp.route("/")
@permission_required("audit.read")
def overview():
    reference = (request.args.get("reference") or "").strip()
    username = (request.args.get("username") or "").strip()
    if reference:
        fam = Family.get_or_none(Family.reference == reference)
        if fam:
            return redirect(url_for("core_audit.family_log", family_id=fam.id))
        flash(_("No family with this reference."), "error")
    if username:
        worker = Worker.get_or_none(Worker.username == username)
        if worker:
            return redirect(url_for("core_audit.worker_log", worker_id=worker.id))
        flash(_("No worker with this username."), "error")
    grants = list(unreviewed_grants())
    failures = list(AuditEntry.select().where((AuditEntry.event_type == "auth")
                                              & (AuditEntry.outcome == "failure"))
                    .order_by(AuditEntry.id.desc()).limit(20))
    _log_access("overview: break-the-glass review list and recent sign-in failures")
    return render_template("gezinsroute/audit_overview.html", grants=grants, failures=failures,
                           now=utcnow())


@bp.route("/families/<int:family_id>")
@permission_required("audit.read")
def family_log(family_id: int):
    fam = Family.get_or_none(Family.id == family_id)
    if fam is None:
        abort(404)
    entries = list(AuditEntry.select().where(AuditEntry.family_id == family_id)
                   .order_by(AuditEntry.id.desc()).limit(LIMIT))
    _log_access("who looked at this family", family_id=family_id, object_id=family_id)
    return render_template("gezinsroute/audit_log.html", entries=entries, family=fam, worker=None,
                           limit=LIMIT)


@bp.route("/workers/<int:worker_id>")
@permission_required("audit.read")
def worker_log(worker_id: int):
    worker = Worker.get_or_none(Worker.id == worker_id)
    if worker is None:
        abort(404)
    entries = list(AuditEntry.select().where(AuditEntry.user_id == worker_id)
                   .order_by(AuditEntry.id.desc()).limit(LIMIT))
    _log_access(f"what worker {worker.username} opened", object_id=worker_id)
    return render_template("gezinsroute/audit_log.html", entries=entries, family=None, worker=worker,
                           limit=LIMIT)


@bp.route("/emergency/<int:grant_id>/review", methods=["POST"])
@permission_required("audit.read")
def review(grant_id: int):
    grant = EmergencyAccess.get_or_none(EmergencyAccess.id == grant_id)
    if grant is None:
        abort(404)
    if grant.reviewed_at is None:
        note = (request.form.get("note") or "").strip()[:2000] or None
        EmergencyAccess.update(reviewed_by=g.worker.id, reviewed_at=utcnow(), review_note=note).where(
            EmergencyAccess.id == grant.id).execute()
        audit.append("U", "emergency_access", object_id=grant.id, family_id=grant.family_id,
                     detail=f"break-the-glass reviewed: {note or '-'}", event_type="log-access")
        flash(_("Marked as reviewed."), "success")
    return redirect(url_for("core_audit.overview"))
