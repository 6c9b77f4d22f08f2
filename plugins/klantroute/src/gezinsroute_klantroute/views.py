"""Screens at /klantroute: open a route from a question, work the route, steungezin, JIM, family overview."""

from __future__ import annotations

import datetime as dt

from flask import Blueprint, redirect, render_template, request, url_for
from gezinsroute.plugin_api import (
    Action,
    Involvement,
    Member,
    Panel,
    Partner,
    Problem,
    Statement,
    Trajectory,
    TransitionRefused,
    ValidationFailed,
    Worker,
    access,
    involvements,
    param,
)
from gezinsroute.plugin_api import gettext as _
from gezinsroute.plugin_api import lazy_gettext as _l
from markupsafe import Markup, escape
from peewee import JOIN

from . import jim as jim_service
from . import route, steungezin
from .config import CLOSED_STEP, settings
from .methodology import METHODOLOGY, entry_point_label, route_steps, step_label
from .models import Jim, Question, StepMove, SupportFamily, SupportMatch

bp = Blueprint("klantroute", __name__, template_folder="templates")

REFUSALS = (ValidationFailed, TransitionRefused)


# -- helpers ------------------------------------------------------------------------------------------
def _date(name: str, problems: list, required: bool = False) -> dt.date | None:
    """Parse an ISO date field; a bad value becomes a problem on the page, never a 500."""
    raw = (request.form.get(name) or "").strip()
    if not raw:
        if required:
            problems.append(Problem(_("this date is required"), name))
        return None
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        problems.append(Problem(_("not a valid date (use yyyy-mm-dd)"), name))
        return None


def _flag(name: str) -> bool:
    return request.form.get(name) in ("1", "on", "yes", "true")


def _member(trajectory, name: str) -> Member | None:
    raw = request.form.get(name)
    if not raw or not raw.isdigit():
        return None
    return Member.get_or_none((Member.id == int(raw)) & (Member.family == trajectory.family_id))


def _route_trajectory(trajectory_id: int):
    trajectory = access.trajectory_or_404(trajectory_id, detail="klantroute")
    if trajectory.methodology != METHODOLOGY:
        from flask import abort

        abort(404)
    return trajectory


def _context(trajectory) -> dict:
    family = trajectory.family
    return {
        "trajectory": trajectory, "family": family, "question": route.question_of(trajectory),
        "steps": route_steps(), "step_label": step_label, "entry_point_label": entry_point_label,
        "closed_step": CLOSED_STEP, "maatwerk_step": settings()["maatwerk_step"],
        "explorations": route.explorations(trajectory),
        "moves": list(StepMove.select().where(StepMove.trajectory == trajectory.id).order_by(StepMove.id)),
        "network": list(route.NetworkPerson.select().where(route.NetworkPerson.family == family.id)),
        "partners": list(Partner.select().where(Partner.active).order_by(Partner.name)),
        "workers": list(Worker.select().where(Worker.active).order_by(Worker.full_name)),
        "professionals_now": involvements.professionals_now(family.id),
        "today": dt.date.today().isoformat(),
    }


def _route_page(trajectory, problems=(), status=200):
    return render_template("klantroute/route.html", problems=list(problems), **_context(trajectory)), status


def _after(trajectory, action):
    """Run a write; refusals go back to the route page with their problems (422), success redirects."""
    try:
        action()
    except REFUSALS as exc:
        return _route_page(trajectory, exc.problems, 422)
    return redirect(url_for("klantroute.show", trajectory_id=trajectory.id))


# -- opening a route ----------------------------------------------------------------------------------
@bp.route("/new/<int:family_id>", methods=["GET", "POST"])
@access.login_required
def new(family_id):
    """A question arrives at any partner: record it and give the family one route owner."""
    family = access.family_or_404(family_id, detail="klantroute new")
    problems = []
    if request.method == "POST":
        received_on = _date("received_on", problems)
        owner = Worker.get_or_none(Worker.id == int(request.form.get("owner") or access.current_worker().id))
        partner_id = request.form.get("entry_partner")
        partner = Partner.get_or_none(Partner.id == int(partner_id)) if partner_id and partner_id.isdigit() else None
        if not problems:
            try:
                trajectory = route.open_route(
                    family, entry_point=request.form.get("entry_point", ""),
                    question_text=request.form.get("question_text", ""), owner=owner, received_on=received_on,
                    entry_partner=partner, owner_organisation=request.form.get("owner_organisation"))
                return redirect(url_for("klantroute.show", trajectory_id=trajectory.id))
            except REFUSALS as exc:
                problems = exc.problems
    return render_template(
        "klantroute/new.html", family=family, problems=problems, entry_points=settings()["entry_points"],
        entry_point_label=entry_point_label, partners=list(Partner.select().where(Partner.active)
                                                            .order_by(Partner.name)),
        workers=list(Worker.select().where(Worker.active).order_by(Worker.full_name)),
        me=access.current_worker(), today=dt.date.today().isoformat()), 422 if problems else 200


# -- the route ----------------------------------------------------------------------------------------
@bp.route("/<int:trajectory_id>")
@access.login_required
def show(trajectory_id):
    return _route_page(_route_trajectory(trajectory_id))


@bp.route("/<int:trajectory_id>/first-answer", methods=["POST"])
@access.login_required
def first_answer(trajectory_id):
    trajectory = _route_trajectory(trajectory_id)
    problems = []
    on = _date("first_answer_on", problems, required=True)
    if problems:
        return _route_page(trajectory, problems, 422)
    return _after(trajectory, lambda: route.record_first_answer(trajectory, on=on, note=request.form.get("note")))


@bp.route("/<int:trajectory_id>/owner", methods=["POST"])
@access.login_required
def owner(trajectory_id):
    trajectory = _route_trajectory(trajectory_id)
    worker = Worker.get_or_none(Worker.id == int(request.form.get("owner") or 0))
    if worker is None:
        return _route_page(trajectory, [Problem(_("choose the new route owner"), "owner")], 422)
    return _after(trajectory, lambda: route.change_owner(trajectory, worker,
                                                         organisation=request.form.get("owner_organisation")))


@bp.route("/<int:trajectory_id>/exploration", methods=["POST"])
@access.login_required
def exploration(trajectory_id):
    trajectory = _route_trajectory(trajectory_id)
    return _after(trajectory, lambda: route.record_exploration(
        trajectory, step=request.form.get("step", ""), explored=_flag("explored"),
        outcome=request.form.get("outcome"), reason_not_enough=request.form.get("reason_not_enough"),
        worker=access.current_worker()))


@bp.route("/<int:trajectory_id>/step", methods=["POST"])
@access.login_required
def step(trajectory_id):
    trajectory = _route_trajectory(trajectory_id)
    return _after(trajectory, lambda: route.move_step(
        trajectory, request.form.get("to_step", ""), worker=access.current_worker(),
        reason=request.form.get("reason"), end_reason_cbs=request.form.get("end_reason_cbs") or None))


@bp.route("/<int:trajectory_id>/network", methods=["POST"])
@access.login_required
def network(trajectory_id):
    trajectory = _route_trajectory(trajectory_id)
    return _after(trajectory, lambda: route.add_network_person(
        trajectory.family, name=request.form.get("name", ""), relation=request.form.get("relation", ""),
        can_do=request.form.get("can_do"), trajectory=trajectory))


@bp.route("/<int:trajectory_id>/partner", methods=["POST"])
@access.login_required
def partner(trajectory_id):
    trajectory = _route_trajectory(trajectory_id)
    found = Partner.get_or_none(Partner.id == int(request.form.get("partner") or 0))
    if found is None:
        return _route_page(trajectory, [Problem(_("choose a partner"), "partner")], 422)
    return _after(trajectory, lambda: route.involve_partner(trajectory, found, note=request.form.get("note")))


# -- steungezin ---------------------------------------------------------------------------------------
def _steungezin_page(trajectory, problems=(), status=200):
    return render_template(
        "klantroute/steungezin.html", problems=list(problems), trajectory=trajectory, family=trajectory.family,
        requests=steungezin.requests_for(trajectory), matches=steungezin.matches_for(trajectory),
        support_families=list(SupportFamily.select().where(SupportFamily.active).order_by(SupportFamily.name)),
        today=dt.date.today().isoformat()), status


@bp.route("/<int:trajectory_id>/steungezin", methods=["GET", "POST"])
@access.login_required
def steungezin_page(trajectory_id):
    trajectory = _route_trajectory(trajectory_id)
    if request.method == "GET":
        return _steungezin_page(trajectory)
    problems: list = []
    action = _steungezin_action(trajectory, request.form.get("action", ""), problems)
    if problems or action is None:
        return _steungezin_page(trajectory, problems or [Problem(_("unknown action"))], 422)
    try:
        action()
    except REFUSALS as exc:
        return _steungezin_page(trajectory, exc.problems, 422)
    return redirect(url_for("klantroute.steungezin_page", trajectory_id=trajectory.id))


def _match(trajectory) -> SupportMatch | None:
    raw = request.form.get("match") or ""
    found = SupportMatch.get_or_none(SupportMatch.id == int(raw)) if raw.isdigit() else None
    return found if found and found.request.trajectory_id == trajectory.id else None


def _steungezin_action(trajectory, name: str, problems: list):
    """Map a form's action to a service call (dates parsed first, problems collected)."""
    form = request.form
    on = _date("on", problems)
    if name == "intake":
        return lambda: steungezin.intake(trajectory, support_needed=form.get("support_needed", ""),
                                         what_matters=form.get("what_matters", ""),
                                         expectations=form.get("expectations", ""),
                                         can_offer=form.get("can_offer", ""), availability=form.get("availability"),
                                         on=on)
    if name == "propose":
        req = next((r for r in steungezin.requests_for(trajectory) if str(r.id) == form.get("request")), None)
        family = SupportFamily.get_or_none(SupportFamily.id == int(form.get("support_family") or 0))
        if req is None or family is None:
            problems.append(Problem(_("choose the intake and the steungezin")))
            return None
        return lambda: steungezin.propose(req, family, on=on)
    match = _match(trajectory)
    if match is None:
        problems.append(Problem(_("choose a match")))
        return None
    if name == "visit":
        return lambda: steungezin.record_visit(match, visited=form.get("visited", ""),
                                               coordinator=access.current_worker(), on=on, notes=form.get("notes"))
    if name == "introduction":
        return lambda: steungezin.record_introduction(match, asking_family_go=_flag("asking_family_go"),
                                                      support_family_go=_flag("support_family_go"), on=on)
    if name == "agreement":
        return lambda: steungezin.record_agreement(match, frequency=form.get("frequency", ""),
                                                   activities=form.get("activities", ""),
                                                   house_rules_accepted=_flag("house_rules_accepted"), on=on)
    if name == "evaluation":
        return lambda: steungezin.evaluate(match, asking_family_satisfied=_flag("asking_family_satisfied"),
                                           support_family_satisfied=_flag("support_family_satisfied"),
                                           continue_match=_flag("continue_match"), on=on, notes=form.get("notes"))
    return None


# -- JIM ----------------------------------------------------------------------------------------------
def _jim_page(trajectory, problems=(), status=200, warnings=()):
    family = trajectory.family
    return render_template(
        "klantroute/jim.html", problems=list(problems), warnings=list(warnings), trajectory=trajectory,
        family=family, jims=jim_service.jims_for_family(family.id),
        children=list(family.members.where(Member.role == "child")),
        parents=list(family.members.where(Member.role.in_(("parent", "carer")))),
        today=dt.date.today().isoformat()), status


@bp.route("/<int:trajectory_id>/jim", methods=["GET", "POST"])
@access.login_required
def jim_page(trajectory_id):
    trajectory = _route_trajectory(trajectory_id)
    if request.method == "GET":
        return _jim_page(trajectory)
    problems: list = []
    if request.form.get("action") == "evaluation":
        return _jim_evaluation(trajectory, problems)
    youth, chosen_by = _member(trajectory, "youth"), _member(trajectory, "chosen_by")
    if youth is None or chosen_by is None:
        problems.append(Problem(_("choose the young person and who chose the JIM"), "youth"))
    birth_date = _date("birth_date", problems)
    agreement_on = _date("parental_agreement_on", problems)
    consent_on = _date("jim_consent_on", problems)
    if problems:
        return _jim_page(trajectory, problems, 422)
    try:
        _record, warnings = jim_service.register(
            trajectory, youth=youth, name=request.form.get("name", ""), relation=request.form.get("relation", ""),
            chosen_by=chosen_by, birth_date=birth_date,
            parental_agreement_by=_member(trajectory, "parental_agreement_by"),
            parental_agreement_on=agreement_on, jim_consent_on=consent_on)
    except REFUSALS as exc:
        return _jim_page(trajectory, exc.problems, 422)
    return _jim_page(trajectory, warnings=warnings)


def _jim_evaluation(trajectory, problems):
    on = _date("on", problems)
    raw = request.form.get("jim") or ""
    found = next((j for j in jim_service.jims_for_family(trajectory.family_id) if str(j.id) == raw), None)
    if found is None:
        problems.append(Problem(_("choose a JIM")))
    if problems:
        return _jim_page(trajectory, problems, 422)
    try:
        jim_service.evaluate(found, on=on, notes=request.form.get("notes"))
    except REFUSALS as exc:
        return _jim_page(trajectory, exc.problems, 422)
    return redirect(url_for("klantroute.jim_page", trajectory_id=trajectory.id))


# -- for the family -----------------------------------------------------------------------------------
@bp.route("/<int:trajectory_id>/overzicht")
@access.login_required
def overview(trajectory_id):
    """A plain-language, printable overview of the family's route: who does what, and their one contact."""
    trajectory = _route_trajectory(trajectory_id)
    family = trajectory.family
    people = list(family.involvements.where(Involvement.ended_on.is_null()).order_by(Involvement.started_on))
    return render_template(
        "klantroute/overview.html", trajectory=trajectory, family=family, question=route.question_of(trajectory),
        steps=route_steps(), step_label=step_label, closed_step=CLOSED_STEP, people=people,
        network=list(route.NetworkPerson.select().where(route.NetworkPerson.family == family.id)),
        jims=[j for j in jim_service.jims_for_family(family.id) if j.ended_on is None],
        matches=[m for m in steungezin.matches_for(trajectory) if m.status in ("trial", "active")],
        today=dt.date.today())


# -- dossier hooks ------------------------------------------------------------------------------------
def actions_for(trajectory) -> list[Action]:
    if trajectory.methodology != METHODOLOGY:
        return []
    return [Action(_l("Klantroute"), url_for("klantroute.show", trajectory_id=trajectory.id), primary=True),
            Action(_l("Steungezin"), url_for("klantroute.steungezin_page", trajectory_id=trajectory.id)),
            Action(_l("JIM"), url_for("klantroute.jim_page", trajectory_id=trajectory.id)),
            Action(_l("Overview for the family"), url_for("klantroute.overview", trajectory_id=trajectory.id))]


# The panel's reads, on every dossier read: compiled once.
# each question with its trajectory and route owner in one query
PANEL_QUESTIONS = Statement(lambda: (
    Question.select(Question.id, Question.received_on, Question.entry_point, Question.question_text,
                    Question.trajectory, Trajectory.id, Trajectory.phase, Trajectory.responsible,
                    Worker.id, Worker.full_name)
    .join(Trajectory, on=(Question.trajectory == Trajectory.id))
    .join(Worker, JOIN.LEFT_OUTER, on=(Trajectory.responsible == Worker.id))
    .where(Question.family == param("family")).order_by(Question.received_on.desc())))
# jim_service.jims_for_family, with the columns shown here
PANEL_JIMS = Statement(lambda: Jim.select(Jim.id, Jim.name, Jim.relation, Jim.ended_on)
                       .where(Jim.family == param("family")).order_by(Jim.asked_on))


def panels_for(family) -> list[Panel]:
    """The question, route owner and the informal people around the family (JIM outlives the route)."""
    questions = PANEL_QUESTIONS.rows(family=family.id)
    jims = PANEL_JIMS.rows(family=family.id)
    if not questions and not jims:
        return []
    items = []
    for q in questions:
        t = q.trajectory
        owner = escape(str(t.responsible)) if t.responsible_id else escape(_("nobody"))
        items.append(Markup("<li>{} ({}, {}): {} — {}: {} — {}</li>").format(
            q.received_on.isoformat(), escape(str(entry_point_label(q.entry_point))),
            escape(str(step_label(t.phase))), q.question_text, _("route owner"), owner,
            Markup('<a href="{}">{}</a>').format(url_for("klantroute.show", trajectory_id=t.id), _("open"))))
    for j in jims:
        state = _("ended on %(date)s", date=j.ended_on.isoformat()) if j.ended_on else _("active")
        items.append(Markup("<li>JIM: {} ({}) — {}</li>").format(j.name, j.relation, state))
    return [Panel(_l("Klantroute"), Markup("<ul>{}</ul>").format(Markup("").join(items)), order=30)]
