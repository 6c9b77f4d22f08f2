"""Screens at /inwonerskracht: the trajectory page for the gezinsmanager, volunteers, the volunteer's own
portal, the casuïstiekbijeenkomst and the anonymised factsheet.

Professionals reach family data only through ``access.trajectory_or_404`` (need-to-know, audited).
A volunteer has no involvement as a worker, so never passes that check: the portal
shows only the volunteer's own matches (tasks and contact notes) and answers 404 otherwise.
"""

from __future__ import annotations

import datetime as dt
from functools import wraps

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from gezinsroute.plugin_api import (
    Action,
    ConflictError,
    Meeting,
    Panel,
    Problem,
    Signal,
    Statement,
    ValidationFailed,
    Worker,
    access,
    audit,
    clock,
    param,
    signals,
)
from markupsafe import Markup

from gezinsroute_inwonerskracht import rules, services
from gezinsroute_inwonerskracht.config import settings
from gezinsroute_inwonerskracht.methodology import CASUISTIEK, REFLECTION, SAFETY_SIGNAL
from gezinsroute_inwonerskracht.models import (
    CaseDiscussion,
    HelpQuestion,
    Match,
    MatchNote,
    NetworkMeasurement,
    NuisanceReport,
    Volunteer,
)
from gezinsroute_inwonerskracht.reports import factsheet

bp = Blueprint("inwonerskracht", __name__, template_folder="templates")

STAFF_ROLES = ("worker", "teamleider", "volunteer_coordinator")


@bp.app_context_processor
def _template_fallbacks():
    """Supply ``get_locale`` and ``csrf_token`` only where the core/access layer did not (yet) install them.

    The core's base template calls ``get_locale()`` and forms need ``csrf_token()``; without
    Flask-WTF (tests, CSRF off) these would be undefined and every page a 500.
    """
    from flask import current_app
    from flask_babel import get_locale

    present = current_app.jinja_env.globals
    fallbacks = {"get_locale": get_locale, "csrf_token": lambda: ""}
    return {name: value for name, value in fallbacks.items() if name not in present}


# -- helpers ------------------------------------------------------------------------------------
def staff_only(view):
    """Volunteer administration and the meeting's records are for professionals only."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        if not access.has_role(*STAFF_ROLES):
            abort(404)
        return view(*args, **kwargs)

    return wrapper


def _refused(exc) -> None:
    for problem in exc.problems:
        flash(str(problem.message), "error")


def _date(name: str, required: bool = False) -> dt.date | None:
    text = (request.form.get(name) or "").strip()
    if not text:
        if required:
            raise ValidationFailed(Problem(_("give a date"), name))
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ValidationFailed(Problem(_("dates are written as YYYY-MM-DD"), name)) from None


def _int(name: str) -> int | None:
    try:
        return int(request.form.get(name, ""))
    except ValueError:
        raise ValidationFailed(Problem(_("give a whole number"), name)) from None


def _extended_trajectory(trajectory_id: int):
    trajectory = access.trajectory_or_404(trajectory_id, detail="inwonerskracht")
    if not rules.extends(trajectory, settings()):
        abort(404)
    return trajectory


def _back(trajectory_id: int):
    return redirect(url_for("inwonerskracht.trajectory", trajectory_id=trajectory_id))


def _guarded(action, success: str):
    """Run a write; show refusals on the page (never a 500) and report success otherwise."""
    try:
        result = action()
    except (ValidationFailed, ConflictError) as exc:
        _refused(exc)
        return None
    flash(success, "success")
    return result


# -- the gezinsmanager's trajectory page --------------------------------------------------------
@bp.route("/trajectory/<int:trajectory_id>")
@access.login_required
def trajectory(trajectory_id):
    t = _extended_trajectory(trajectory_id)
    config = settings()
    questions = list(HelpQuestion.select().where(HelpQuestion.trajectory == t.id).order_by(HelpQuestion.id))
    matches = list(Match.select().where(Match.trajectory == t.id).order_by(Match.started_on))
    volunteers = list(Volunteer.select().where(Volunteer.active).order_by(Volunteer.display_name))
    safety = list(Signal.select().where((Signal.trajectory == t.id) & (Signal.rule == SAFETY_SIGNAL)
                                        & (Signal.status == "open")))
    reflections = list(Meeting.select().where((Meeting.trajectory == t.id) & (Meeting.kind == REFLECTION))
                       .order_by(Meeting.held_on.desc()))
    colleagues = list(Worker.select().where(Worker.active & (Worker.id != (t.responsible_id or 0)))
                      .order_by(Worker.full_name))
    return render_template(
        "inwonerskracht/trajectory.html", t=t, config=config, questions=questions, matches=matches,
        volunteers=[(v, rules.volunteer_problems(v, config)) for v in volunteers], safety=safety,
        reflections=reflections, schaduwwerker=services.active_schaduwwerker(t), colleagues=colleagues,
        nuisance=list(NuisanceReport.select().where(NuisanceReport.family == t.family_id)
                      .order_by(NuisanceReport.reported_on)),
        network=list(NetworkMeasurement.select().where(NetworkMeasurement.family == t.family_id)
                     .order_by(NetworkMeasurement.measured_on)),
        today=clock.today())


@bp.route("/trajectory/<int:trajectory_id>/help-question", methods=["POST"])
@access.login_required
def add_help_question(trajectory_id):
    t = _extended_trajectory(trajectory_id)
    form = request.form
    _guarded(lambda: services.add_help_question(
        t, settings(), question=form.get("question", ""), kind=form.get("kind"), horizon=form.get("horizon"),
        involve_volunteers=form.get("involve_volunteers") == "1", worker=access.current_worker()),
        _("Help question recorded."))
    return _back(t.id)


@bp.route("/trajectory/<int:trajectory_id>/match", methods=["POST"])
@access.login_required
def add_match(trajectory_id):
    t = _extended_trajectory(trajectory_id)
    question = HelpQuestion.get_or_none((HelpQuestion.id == request.form.get("help_question", type=int))
                                        & (HelpQuestion.trajectory == t.id))
    volunteer = Volunteer.get_or_none(Volunteer.id == request.form.get("volunteer", type=int))
    if question is None or volunteer is None:
        flash(_("choose a help question and a volunteer"), "error")
        return _back(t.id)
    _guarded(lambda: services.match_volunteer(question, volunteer, settings(), tasks=request.form.get("tasks", ""),
                                              approved_by=access.current_worker(),
                                              started_on=_date("started_on")),
             _("Volunteer matched."))
    return _back(t.id)


@bp.route("/trajectory/<int:trajectory_id>/match/<int:match_id>/<action>", methods=["POST"])
@access.login_required
def match_action(trajectory_id, match_id, action):
    t = _extended_trajectory(trajectory_id)
    match = Match.get_or_none((Match.id == match_id) & (Match.trajectory == t.id))
    if match is None or action not in ("end", "guidance"):
        abort(404)
    if action == "end":
        _guarded(lambda: services.end_match(match), _("Match ended."))
    else:
        _guarded(lambda: services.record_guidance(match, worker=access.current_worker(),
                                                  summary=request.form.get("summary", "")),
                 _("Guidance contact recorded."))
    return _back(t.id)


@bp.route("/trajectory/<int:trajectory_id>/signal/<int:signal_id>/acknowledge", methods=["POST"])
@access.login_required
def acknowledge(trajectory_id, signal_id):
    t = _extended_trajectory(trajectory_id)
    signal = Signal.get_or_none((Signal.id == signal_id) & (Signal.trajectory == t.id)
                                & (Signal.rule == SAFETY_SIGNAL))
    if signal is None:
        abort(404)
    signals.acknowledge(signal, access.current_worker())
    flash(_("Safety concern acknowledged."), "success")
    return _back(t.id)


@bp.route("/trajectory/<int:trajectory_id>/schaduwwerker", methods=["POST"])
@access.login_required
def add_schaduwwerker(trajectory_id):
    t = _extended_trajectory(trajectory_id)
    worker = Worker.get_or_none(Worker.id == request.form.get("worker", type=int))
    if worker is None:
        flash(_("choose a colleague"), "error")
        return _back(t.id)
    _guarded(lambda: services.add_schaduwwerker(t, worker, settings()), _("Schaduwwerker added."))
    return _back(t.id)


@bp.route("/trajectory/<int:trajectory_id>/reflection", methods=["POST"])
@access.login_required
def add_reflection(trajectory_id):
    t = _extended_trajectory(trajectory_id)
    _guarded(lambda: services.record_reflection(t, worker=access.current_worker(),
                                                summary=request.form.get("summary", ""),
                                                held_on=_date("held_on")),
             _("Reflection session recorded."))
    return _back(t.id)


@bp.route("/trajectory/<int:trajectory_id>/nuisance", methods=["POST"])
@access.login_required
def add_nuisance(trajectory_id):
    t = _extended_trajectory(trajectory_id)
    _guarded(lambda: services.add_nuisance_report(t, settings(), reported_on=_date("reported_on", True),
                                                  source=request.form.get("source"),
                                                  note=request.form.get("note") or None,
                                                  worker=access.current_worker()),
             _("Nuisance report recorded."))
    return _back(t.id)


@bp.route("/trajectory/<int:trajectory_id>/network", methods=["POST"])
@access.login_required
def add_network(trajectory_id):
    t = _extended_trajectory(trajectory_id)
    _guarded(lambda: services.measure_network(t, size=_int("size"), measured_on=_date("measured_on"),
                                              note=request.form.get("note") or None,
                                              worker=access.current_worker()),
             _("Network size recorded."))
    return _back(t.id)


@bp.route("/trajectory/<int:trajectory_id>/factsheet")
@access.login_required
def trajectory_factsheet(trajectory_id):
    t = _extended_trajectory(trajectory_id)
    return render_template("inwonerskracht/factsheet.html", sheet=factsheet(t, settings(), clock.today()))


# -- volunteers (recruited through the volunteer centre) ---------------------------------------
@bp.route("/volunteers", methods=["GET", "POST"])
@access.login_required
@staff_only
def volunteers():
    config = settings()
    if request.method == "POST":
        form = request.form
        login = Worker.get_or_none(Worker.username == form.get("username")) if form.get("username") else None
        if form.get("username") and login is None:
            flash(_("no login with that user name"), "error")
        else:
            _guarded(lambda: services.register_volunteer(
                config, display_name=form.get("display_name", ""), profile=form.get("profile") or None,
                availability=form.get("availability") or None, training=form.get("training") or None,
                vog_date=_date("vog_date"), intake_date=_date("intake_date"), worker=login),
                _("Volunteer registered."))
        return redirect(url_for("inwonerskracht.volunteers"))
    rows = [(v, rules.vog_valid_until(v, config), rules.volunteer_problems(v, config))
            for v in Volunteer.select().order_by(Volunteer.display_name)]
    return render_template("inwonerskracht/volunteers.html", rows=rows, centre=rules.centre_partner(config))


# -- the volunteer's own portal ----------------------------------------------------------------
def _own_volunteer() -> Volunteer:
    volunteer = services.volunteer_for(access.current_worker())
    if volunteer is None:
        abort(404)
    return volunteer


def _own_match(match_id: int) -> Match:
    """Only the volunteer's own match; anything else is a 404 that leaks nothing."""
    volunteer = _own_volunteer()
    match = Match.get_or_none((Match.id == match_id) & (Match.volunteer == volunteer.id))
    if match is None:
        abort(404)
    audit.record_read("inwonerskracht_match", match.id, match.family_id, "volunteer portal")
    return match


@bp.route("/mijn-match")
@access.login_required
def my_matches():
    volunteer = _own_volunteer()
    matches = list(Match.select().where(Match.volunteer == volunteer.id).order_by(Match.started_on.desc()))
    return render_template("inwonerskracht/my_matches.html", volunteer=volunteer, matches=matches)


@bp.route("/mijn-match/<int:match_id>", methods=["GET", "POST"])
@access.login_required
def my_match(match_id):
    match = _own_match(match_id)
    if request.method == "POST":
        worker = access.current_worker()
        if request.form.get("kind") == "safety":
            _guarded(lambda: services.raise_safety_concern(match, worker=worker, text=request.form.get("text", "")),
                     _("Your concern has been passed on to the gezinsmanager."))
        else:
            _guarded(lambda: services.add_note(match, worker=worker, note=request.form.get("note", ""),
                                               hours=request.form.get("hours") or 0,
                                               occurred_on=_date("occurred_on")),
                     _("Contact note saved."))
        return redirect(url_for("inwonerskracht.my_match", match_id=match.id))
    notes = list(MatchNote.select().where(MatchNote.match == match.id).order_by(MatchNote.occurred_on.desc()))
    return render_template("inwonerskracht/my_match.html", match=match, notes=notes)


# -- casuïstiekbijeenkomst ----------------------------------------------------------------------
@bp.route("/casuistiek", methods=["GET", "POST"])
@access.login_required
def casuistiek_list():
    if request.method == "POST":
        if not access.has_role(*STAFF_ROLES):
            abort(404)
        form = request.form
        participants = [{"name": line.split(",", 1)[0].strip(),
                         "role": (line.split(",", 1)[1].strip() if "," in line else "lokaal veld")}
                        for line in (form.get("participants") or "").splitlines() if line.strip()]
        meeting = _guarded(lambda: services.record_casuistiek(
            settings(), worker=access.current_worker(), held_on=_date("held_on"), participants=participants,
            summary=form.get("summary") or None,
            decisions=[d.strip() for d in (form.get("decisions") or "").splitlines() if d.strip()]),
            _("Casuïstiekbijeenkomst recorded."))
        if meeting is not None:
            return redirect(url_for("inwonerskracht.casuistiek", meeting_id=meeting.id))
        return redirect(url_for("inwonerskracht.casuistiek_list"))
    meetings = list(Meeting.select().where(Meeting.kind == CASUISTIEK).order_by(Meeting.held_on.desc()))
    last = meetings[0].held_on if meetings else None
    due = last + dt.timedelta(days=settings()["casuistiek_every_days"]) if last else None
    return render_template("inwonerskracht/casuistiek_list.html", meetings=meetings, due=due,
                           today=clock.today(), staff=access.has_role(*STAFF_ROLES))


@bp.route("/casuistiek/<int:meeting_id>", methods=["GET", "POST"])
@access.login_required
def casuistiek(meeting_id):
    meeting = Meeting.get_or_none((Meeting.id == meeting_id) & (Meeting.kind == CASUISTIEK))
    if meeting is None:
        abort(404)
    staff = access.has_role(*STAFF_ROLES)
    if request.method == "POST":
        if not staff:
            abort(404)
        t = _extended_trajectory(request.form.get("trajectory", type=int) or 0)
        _guarded(lambda: services.discuss_case(meeting, t, settings(), discussion=request.form.get("discussion"),
                                               volunteer_dilemmas=request.form.get("volunteer_dilemmas"),
                                               decisions=request.form.get("decisions")),
                 _("Case added."))
        return redirect(url_for("inwonerskracht.casuistiek", meeting_id=meeting.id))
    audit.record_read("meeting", meeting.id, None, "casuïstiekbijeenkomst (pseudonymised)")
    cases = list(CaseDiscussion.select().where(CaseDiscussion.meeting == meeting.id).order_by(CaseDiscussion.id))
    worker = access.current_worker()
    candidates = []
    if staff:
        candidates = [(t.id, services.pseudonym_for(t)) for t in services.extended_open_trajectories(settings())
                      if access.can_see_family(worker, t.family_id)]
    return render_template("inwonerskracht/casuistiek.html", meeting=meeting, cases=cases, staff=staff,
                           candidates=candidates)


# -- dossier integration ------------------------------------------------------------------------
def actions_for(trajectory) -> list[Action]:
    if not rules.extends(trajectory, settings()):
        return []
    return [Action(_("Inwonerskracht: help questions and volunteers"),
                   url_for("inwonerskracht.trajectory", trajectory_id=trajectory.id)),
            Action(_("Inwonerskracht: factsheet"),
                   url_for("inwonerskracht.trajectory_factsheet", trajectory_id=trajectory.id))]


# The panel's reads, on every dossier read: compiled once.
PANEL_QUESTIONS = Statement(lambda: (
    HelpQuestion.select(HelpQuestion.id, HelpQuestion.question, HelpQuestion.kind, HelpQuestion.horizon)
    .where(HelpQuestion.family == param("family")).order_by(HelpQuestion.id)))
# the active matches of all the family's questions with their volunteers, in one query (a subquery for the
# questions, as a placeholder holds no list of ids)
PANEL_MATCHES = Statement(lambda: (
    Match.select(Match.help_question, Volunteer.id, Volunteer.display_name)
    .join(Volunteer, on=(Match.volunteer == Volunteer.id))
    .where(Match.help_question.in_(HelpQuestion.select(HelpQuestion.id).where(HelpQuestion.family == param("family")))
           & Match.ended_on.is_null()).order_by(Match.id)))


def panels_for(family) -> list[Panel]:
    """Help questions and volunteer matches of the family, next to the core timeline."""
    questions = PANEL_QUESTIONS.rows(family=family.id)
    if not questions:
        return []
    volunteers: dict[int, list[str]] = {q.id: [] for q in questions}
    for m in PANEL_MATCHES.execute(family=family.id):
        volunteers[m.help_question_id].append(str(m.volunteer.display_name))
    items = []
    for q in questions:
        matched = ", ".join(volunteers[q.id])
        items.append(Markup("<li>{} <small>({}, {})</small>{}</li>").format(
            q.question, q.kind, _("long-term") if q.horizon == "long" else _("short, practical"),
            Markup(" — {}: {}").format(_("volunteer"), matched) if matched else ""))
    return [Panel(_("Help questions and volunteers"), Markup("<ul>{}</ul>").format(Markup("").join(items)),
                  order=60)]
