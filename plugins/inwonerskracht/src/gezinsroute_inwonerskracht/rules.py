"""The add-on's rules (domain brief R21-R23 and the issue), as functions that return problems.

The add-on never refuses a transition of the methodology it extends: closing a
trajectory with active volunteer matches only warns, so disabling the add-on or
enabling it never changes what the base methodology allows.
"""

from __future__ import annotations

import datetime as dt

from flask_babel import gettext as _
from gezinsroute.plugin_api import Partner, Problem, Trajectory, clock, registry

from gezinsroute_inwonerskracht.models import HelpQuestion, Match, Volunteer


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` plus whole months (the last day of a shorter month when needed)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, candidate)
        except ValueError:
            continue
    raise ValueError(day)


def vog_valid_until(volunteer: Volunteer, config: dict) -> dt.date | None:
    if volunteer.vog_date is None:
        return None
    return add_months(volunteer.vog_date, config["vog_valid_months"])


def volunteer_problems(volunteer: Volunteer, config: dict, on: dt.date | None = None) -> list[Problem]:
    """R21: no match before a valid VOG and an intake."""
    on = on or clock.today()
    problems = []
    if not volunteer.active:
        problems.append(Problem(_("this volunteer is no longer active"), "volunteer"))
    if volunteer.vog_date is None:
        problems.append(Problem(_("no match before a VOG (certificate of conduct) is recorded"), "volunteer"))
    elif volunteer.vog_date > on:
        problems.append(Problem(_("the VOG date lies in the future"), "volunteer"))
    elif vog_valid_until(volunteer, config) < on:
        problems.append(Problem(_("the VOG is older than %(months)s months; ask for a new VOG",
                                  months=config["vog_valid_months"]), "volunteer"))
    if volunteer.intake_date is None or volunteer.intake_date > on:
        problems.append(Problem(_("no match before the volunteer had an intake"), "volunteer"))
    return problems


def extends(trajectory: Trajectory, config: dict) -> bool:
    return trajectory.methodology in config["extends"]


def trajectory_problems(trajectory: Trajectory, config: dict) -> list[Problem]:
    problems = []
    if not extends(trajectory, config):
        problems.append(Problem(_("the volunteer approach is not used with this methodology"), "trajectory"))
    if not trajectory.is_open:
        problems.append(Problem(_("this trajectory is closed"), "trajectory"))
    return problems


def help_question_problems(data: dict, config: dict) -> list[Problem]:
    problems = []
    if not (data.get("question") or "").strip():
        problems.append(Problem(_("write down the family's question in their own words"), "question"))
    if data.get("kind") not in config["help_question_kinds"]:
        problems.append(Problem(_("choose a kind of help question: %(kinds)s",
                                  kinds=", ".join(config["help_question_kinds"])), "kind"))
    if data.get("horizon") not in ("short", "long"):
        problems.append(Problem(_("say whether the help is short and practical or long-term"), "horizon"))
    return problems


def approval_problems(question: HelpQuestion, approved_by, trajectory: Trajectory) -> list[Problem]:
    """The gezinsmanager (the trajectory's responsible worker) approves every match."""
    problems = []
    if not question.involve_volunteers:
        problems.append(Problem(_("the family did not choose to involve volunteers for this question"),
                                "help_question"))
    if question.status != "open":
        problems.append(Problem(_("this help question is no longer open"), "help_question"))
    if approved_by is None or approved_by.id != trajectory.responsible_id:
        problems.append(Problem(_("a match needs the approval of the family's gezinsmanager"), "approved_by"))
    return problems


def centre_partner(config: dict) -> Partner | None:
    return Partner.get_or_none(Partner.key == config["volunteer_centre"])


def duplicate_match(question: HelpQuestion, volunteer: Volunteer) -> bool:
    return Match.select().where((Match.help_question == question.id) & (Match.volunteer == volunteer.id)
                                & Match.ended_on.is_null()).exists()


def transition_warnings(trajectory: Trajectory, to_phase: str, config: dict) -> list[Problem]:
    """Closing with active matches: remind the gezinsmanager to end them (a warning, never a refusal)."""
    if not extends(trajectory, config):
        return []
    if to_phase not in registry().methodology(trajectory.methodology).closed_phases:
        return []
    active = Match.select().where((Match.trajectory == trajectory.id) & Match.ended_on.is_null()).count()
    if not active:
        return []
    return [Problem(_("%(n)s volunteer match(es) are still active; end them with the family and the volunteer",
                      n=active), severity="warning")]
