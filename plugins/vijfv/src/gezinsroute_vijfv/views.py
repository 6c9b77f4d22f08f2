"""The 5V worksheet per trajectory: current step, forms for each step, and phase buttons.

Every view goes through the access layer (login, need-to-know, audited read). Refusals
from the core or this plugin are shown on the page with status 422, never as a 500.
"""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from gezinsroute.plugin_api import (
    ConflictError,
    Member,
    Partner,
    Referral,
    TransitionRefused,
    ValidationFailed,
    access,
    assessments,
    contacts,
    referrals,
    registry,
    trajectories,
)

from . import config, reports, services
from .methodology import (
    CAF_SIDES,
    CONCLUSIONS,
    FACTOR_VALUES,
    FACTORS_PER_SIDE,
    GIZ_KEY,
    GIZ_VARIANTS,
    KEY,
    PHASES,
    RESULTS,
    SATISFACTION,
    TRENDS,
    VINDPLAATSEN,
)
from .models import Pairing, Progress
from .rules import evaluation_of

bp = Blueprint("vijfv", __name__, template_folder="templates")
REFUSALS = (ValidationFailed, TransitionRefused, ConflictError)


def _trajectory(trajectory_id: int):
    trajectory = access.trajectory_or_404(trajectory_id, detail="vijfv worksheet")
    if trajectory.methodology != KEY:
        from flask import abort

        abort(404)
    return trajectory


def _members(trajectory, field: str) -> list[Member]:
    ids = [int(x) for x in request.form.getlist(field) if x.isdigit()]
    if not ids:
        return []
    return list(Member.select().where(Member.id.in_(ids) & (Member.family == trajectory.family_id)))


def _member(trajectory, field: str) -> Member | None:
    found = _members(trajectory, field)
    return found[0] if found else None


def _partner(field: str) -> Partner | None:
    value = request.form.get(field, "")
    return Partner.get_or_none((Partner.id == int(value)) & Partner.active) if value.isdigit() else None


def _page(trajectory, problems=(), status: int = 200):
    """Render the worksheet; ``problems`` are refusals of the last action."""
    definition = registry().methodology(KEY)
    giz = assessments.latest(trajectory, GIZ_KEY)
    context = dict(
        trajectory=trajectory, family=trajectory.family, definition=definition, phases=PHASES,
        next_phases=definition.next_phases(trajectory.phase), problems=list(problems),
        vindplaatsen=VINDPLAATSEN, variants=GIZ_VARIANTS, sides=CAF_SIDES, factor_count=FACTORS_PER_SIDE,
        factor_values=FACTOR_VALUES, conclusions=CONCLUSIONS, trends=TRENDS, results=RESULTS,
        satisfaction=SATISFACTION, programmes=config.programmes(), giz=giz,
        giz_factors=services.giz_factors(giz) if giz else {},
        members=list(trajectory.family.members), partners=list(Partner.select().where(Partner.active)
                                                                .order_by(Partner.name)),
        referrals=list(trajectory.referrals.order_by(Referral.proposed_on, Referral.id)),
        pairings=list(Pairing.select().where(Pairing.trajectory == trajectory.id).order_by(Pairing.started_on)),
        progress=list(Progress.select().where(Progress.trajectory == trajectory.id)
                      .order_by(Progress.recorded_on.desc())),
        evaluation=evaluation_of(trajectory), flow=referrals_flow(),
        contact_kinds=registry().for_methodology(registry().contact_kinds, KEY),
    )
    return render_template("vijfv/trajectory.html", **context), status


def referrals_flow() -> dict:
    """Next statuses offered per referral status (the core's referrals.advance decides)."""
    return {"proposed": ("accepted", "declined", "withdrawn"), "accepted": ("started", "declined", "withdrawn"),
            "started": ("ended", "withdrawn")}


def _done(trajectory, message: str):
    flash(message, "success")
    return redirect(url_for("vijfv.worksheet", trajectory_id=trajectory.id))


@bp.route("/trajectory/<int:trajectory_id>")
@access.login_required
def worksheet(trajectory_id: int):
    return _page(_trajectory(trajectory_id))


@bp.route("/trajectory/<int:trajectory_id>/<action>", methods=["POST"])
@access.login_required
def act(trajectory_id: int, action: str):
    """One endpoint per worksheet form; each handler returns a success message."""
    trajectory = _trajectory(trajectory_id)
    handler = ACTIONS.get(action)
    if handler is None:
        from flask import abort

        abort(404)
    try:
        message = handler(trajectory, access.current_worker())
    except REFUSALS as exc:
        return _page(trajectory, exc.problems, 422)
    return _done(trajectory, message)


def _vindplaats(trajectory, worker):
    services.record_vindplaats(trajectory, request.form.get("source", ""),
                               referrer_partner=_partner("referrer_partner"),
                               note=request.form.get("note") or None)
    return _("Vindplaats saved.")


def _contact(trajectory, worker):
    contacts.record_contact(trajectory.family, request.form.get("kind", ""), trajectory=trajectory, worker=worker,
                            members=_members(trajectory, "members"), summary=request.form.get("summary") or None)
    return _("Contact saved.")


def _giz(trajectory, worker):
    factors = {f"{side}.f{n}": request.form.get(f"{side}.f{n}", "")
               for side in CAF_SIDES for n in range(1, FACTORS_PER_SIDE + 1)}
    services.record_giz(trajectory, variant=request.form.get("variant", ""),
                        factors={k: v for k, v in factors.items() if v},
                        conclusion=request.form.get("conclusion") or None, assessor=worker,
                        notes=request.form.get("notes") or None)
    return _("GIZ saved.")


def _connect(trajectory, worker):
    partner_ids = [int(x) for x in request.form.getlist("partners") if x.isdigit()]
    partners = list(Partner.select().where(Partner.id.in_(partner_ids))) if partner_ids else []
    made = services.connect(trajectory, _members(trajectory, "members"), programmes=request.form.getlist("programmes"),
                            partners=partners, programme_partner=_partner("programme_partner"),
                            volunteer_name=request.form.get("volunteer_name") or None,
                            note=request.form.get("note") or None, worker=worker)
    return _("%(n)s referral(s) proposed.", n=len(made))


def _referral(trajectory, worker):
    referral = Referral.get_or_none((Referral.id == request.form.get("referral_id", type=int))
                                    & (Referral.trajectory == trajectory.id))
    if referral is None:
        raise ValidationFailed(_("Unknown referral."))
    referrals.advance(referral, request.form.get("status", ""), outcome=request.form.get("outcome") or None)
    return _("Referral updated.")


def _pairing(trajectory, worker):
    referral = Referral.get_or_none((Referral.id == request.form.get("referral_id", type=int))
                                    & (Referral.trajectory == trajectory.id))
    child = _member(trajectory, "child")
    if referral is None or child is None:
        raise ValidationFailed(_("Choose a programme referral and a child."))
    services.record_pairing(referral, child, request.form.get("volunteer_name", ""))
    return _("Pairing saved.")


def _end_pairing(trajectory, worker):
    pairing = Pairing.get_or_none((Pairing.id == request.form.get("pairing_id", type=int))
                                  & (Pairing.trajectory == trajectory.id))
    if pairing is None:
        raise ValidationFailed(_("Unknown pairing."))
    services.end_pairing(pairing)
    return _("Pairing ended.")


def _progress(trajectory, worker):
    services.record_progress(trajectory, trend=request.form.get("trend", ""), summary=request.form.get("summary", ""),
                             member=_member(trajectory, "member"), programme=request.form.get("programme") or None,
                             worker=worker)
    return _("Progress saved.")


def _evaluation(trajectory, worker):
    results = {key: value for key, value in request.form.items() if key.startswith("referral:") and value}
    services.record_evaluation(trajectory, results=results, impact=request.form.get("impact", ""),
                               end_reason_cbs=request.form.get("end_reason_cbs", ""),
                               satisfaction=request.form.get("satisfaction") or None,
                               onward_partner=_partner("onward_partner"),
                               onward_members=_members(trajectory, "onward_members"), worker=worker)
    return _("Evaluation saved.")


def _transition(trajectory, worker):
    to_phase = request.form.get("to_phase", "")
    evaluation = evaluation_of(trajectory)
    _t, warnings = trajectories.transition(
        trajectory, to_phase, worker=worker, note=request.form.get("note") or None,
        end_reason_cbs=evaluation.end_reason_cbs if evaluation and to_phase == "voltooien" else None,
        expected_version=request.form.get("lock_version", type=int))
    for warning in warnings:
        flash(str(warning.message), "warning")
    return _("The trajectory moved to %(phase)s.", phase=registry().methodology(KEY).phase(to_phase).label)


ACTIONS = {"vindplaats": _vindplaats, "contact": _contact, "giz": _giz, "connect": _connect,
           "referral": _referral, "pairing": _pairing, "end-pairing": _end_pairing, "progress": _progress,
           "evaluation": _evaluation, "transition": _transition}


@bp.route("/trajectory/<int:trajectory_id>/referrer-report")
@access.login_required
def referrer_report(trajectory_id: int):
    """Results for the referrer: refused on the page when the family did not consent."""
    trajectory = _trajectory(trajectory_id)
    try:
        table = reports.referrer_report(trajectory)
    except ValidationFailed as exc:
        return render_template("vijfv/referrer_report.html", trajectory=trajectory, table=None,
                               problems=exc.problems), 422
    return render_template("vijfv/referrer_report.html", trajectory=trajectory, table=table, problems=[])
