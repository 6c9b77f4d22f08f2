"""Outcome reports: nuisance before/after the start, network growth, volunteer hours, matches per kind,
and an anonymised factsheet per family (no names, no BSN, no exact dates: months relative to the start).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from gezinsroute.plugin_api import Involvement, Period, Report, ReportTable, Trajectory, clock, suppress
from peewee import fn

from gezinsroute_inwonerskracht import rules
from gezinsroute_inwonerskracht.methodology import SCHADUWWERKER_ROLE
from gezinsroute_inwonerskracht.models import (
    CaseDiscussion,
    HelpQuestion,
    Match,
    MatchNote,
    NetworkMeasurement,
    NuisanceReport,
)


def months_between(start: dt.date, day: dt.date) -> int:
    """Whole months from ``start`` to ``day`` (negative before the start)."""
    months = (day.year - start.year) * 12 + day.month - start.month
    if day >= start and day.day < start.day:
        months -= 1
    elif day < start and day.day > start.day:
        months += 1
    return months


def participating(config: dict, period: Period):
    """Extended trajectories that took part (a help question) and were active in the period."""
    return (Trajectory.select().where(
        Trajectory.methodology.in_(config["extends"]) & (Trajectory.started_on <= period.end)
        & (Trajectory.ended_on.is_null() | (Trajectory.ended_on >= period.start))
        & Trajectory.id.in_(HelpQuestion.select(HelpQuestion.trajectory)))
        .order_by(Trajectory.started_on, Trajectory.id))


def nuisance_counts(trajectory: Trajectory, config: dict, until: dt.date) -> tuple[int, int]:
    """Reports in the window before the start, and from the start up to ``until`` (same window length)."""
    months = config["nuisance_window_months"]
    start = trajectory.started_on
    before_from = rules.add_months(start, -months)
    after_to = min(until, rules.add_months(start, months))
    base = NuisanceReport.select().where(NuisanceReport.family == trajectory.family_id)
    before = base.where((NuisanceReport.reported_on >= before_from) & (NuisanceReport.reported_on < start)).count()
    after = base.where((NuisanceReport.reported_on >= start) & (NuisanceReport.reported_on <= after_to)).count()
    return before, after


def network_sizes(trajectory: Trajectory, until: dt.date) -> tuple[int | None, int | None]:
    """The first measurement (the start) and the latest one up to ``until``."""
    query = NetworkMeasurement.select().where((NetworkMeasurement.family == trajectory.family_id)
                                              & (NetworkMeasurement.measured_on <= until))
    first = query.order_by(NetworkMeasurement.measured_on, NetworkMeasurement.id).first()
    last = query.order_by(NetworkMeasurement.measured_on.desc(), NetworkMeasurement.id.desc()).first()
    return (first.size if first else None), (last.size if last else None)


def volunteer_hours(trajectory_ids, start: dt.date, end: dt.date) -> Decimal:
    total = (MatchNote.select(fn.SUM(MatchNote.hours)).join(Match)
             .where(Match.trajectory.in_(trajectory_ids) & MatchNote.occurred_on.between(start, end)).scalar())
    return Decimal(str(total or 0)).quantize(Decimal("0.1"))


def outcomes(period: Period, deployment, suppress_small: bool = True) -> ReportTable:
    config = deployment.plugin_config("inwonerskracht")
    trajectories = list(participating(config, period))
    ids = [t.id for t in trajectories]
    before = after = with_after = grew = measured = 0
    start_sum = last_sum = 0
    for t in trajectories:
        b, a = nuisance_counts(t, config, period.end)
        before, after, with_after = before + b, after + a, with_after + (a > 0)
        first, last = network_sizes(t, period.end)
        if first is not None and last is not None:
            measured += 1
            start_sum, last_sum = start_sum + first, last_sum + last
            grew += last > first
    matches = Match.select().where(Match.trajectory.in_(ids) & (Match.started_on <= period.end)
                                   & (Match.ended_on.is_null() | (Match.ended_on >= period.start))).count()

    def s(n):
        return suppress(n, suppress_small)

    rows = [
        ["families_in_approach", s(len(trajectories))],
        ["nuisance_reports_before_start", s(before)],
        ["nuisance_reports_after_start", s(after)],
        ["families_with_nuisance_after_start", s(with_after)],
        ["families_with_network_measured", s(measured)],
        ["network_size_start_avg", round(start_sum / measured, 1) if measured else None],
        ["network_size_latest_avg", round(last_sum / measured, 1) if measured else None],
        ["families_network_grew", s(grew)],
        ["volunteer_matches_active", s(matches)],
        ["volunteer_hours", volunteer_hours(ids, period.start, period.end)],
    ]
    notes = [f"nuisance window: {config['nuisance_window_months']} months before and after the start",
             "families take part once a help question is recorded"]
    return ReportTable(columns=["measure", "value"], rows=rows, title=f"Inwonerskracht outcomes {period}",
                       notes=notes)


def matches_by_kind(period: Period, deployment, suppress_small: bool = True) -> ReportTable:
    config = deployment.plugin_config("inwonerskracht")
    rows = []
    for kind in config["help_question_kinds"]:
        matches = (Match.select().join(HelpQuestion).where(
            (HelpQuestion.kind == kind) & (Match.started_on <= period.end)
            & (Match.ended_on.is_null() | (Match.ended_on >= period.start))))
        started = matches.where(Match.started_on >= period.start).count()
        short = matches.where(HelpQuestion.horizon == "short").count()
        hours = (MatchNote.select(fn.SUM(MatchNote.hours)).join(Match).join(HelpQuestion)
                 .where((HelpQuestion.kind == kind) & MatchNote.occurred_on.between(period.start, period.end))
                 .scalar())
        rows.append([kind, suppress(matches.count(), suppress_small), suppress(started, suppress_small),
                     suppress(short, suppress_small), Decimal(str(hours or 0)).quantize(Decimal("0.1"))])
    return ReportTable(columns=["help_question_kind", "active_matches", "started", "short_practical", "hours"],
                       rows=rows, title=f"Volunteer matches by help-question kind {period}")


def factsheet(trajectory: Trajectory, config: dict, today: dt.date) -> dict:
    """One family's anonymised factsheet: counts and months relative to the start, nothing identifying."""
    start = trajectory.started_on
    end = trajectory.ended_on or today
    before, after = nuisance_counts(trajectory, config, end)
    first, last = network_sizes(trajectory, end)
    matches = list(Match.select().where(Match.trajectory == trajectory.id).order_by(Match.started_on))
    questions = list(HelpQuestion.select().where(HelpQuestion.trajectory == trajectory.id))
    discussed = CaseDiscussion.select().where(CaseDiscussion.trajectory == trajectory.id)
    pseudonym = discussed.first().pseudonym if discussed.exists() else None
    timeline = [(months_between(start, r.reported_on), "nuisance_report", r.source)
                for r in NuisanceReport.select().where(NuisanceReport.family == trajectory.family_id)
                if r.reported_on >= rules.add_months(start, -config["nuisance_window_months"])]
    timeline += [(months_between(start, m.measured_on), "network_size", str(m.size))
                 for m in NetworkMeasurement.select().where(NetworkMeasurement.family == trajectory.family_id)]
    timeline += [(months_between(start, m.started_on), "match_started", m.help_question.kind) for m in matches]
    timeline += [(months_between(start, m.ended_on), "match_ended", m.help_question.kind)
                 for m in matches if m.ended_on]
    return {
        "pseudonym": pseudonym,
        "methodology": trajectory.methodology,
        "months_in_trajectory": months_between(start, end),
        "closed": trajectory.ended_on is not None,
        "help_questions": len(questions),
        "help_question_kinds": sorted({q.kind for q in questions}),
        "long_term_questions": sum(q.horizon == "long" for q in questions),
        "matches": len(matches),
        "volunteer_hours": volunteer_hours([trajectory.id], start, end),
        "schaduwwerker": Involvement.select().where((Involvement.trajectory == trajectory.id)
                                                   & (Involvement.role == SCHADUWWERKER_ROLE)).exists(),
        "times_discussed": discussed.count(),
        "nuisance_before": before,
        "nuisance_after": after,
        "network_start": first,
        "network_latest": last,
        "timeline": sorted(timeline),
    }


FACTSHEET_COLUMNS = ["case", "months_in_trajectory", "help_questions", "matches", "volunteer_hours",
                     "schaduwwerker", "nuisance_before", "nuisance_after", "network_start", "network_latest"]


def factsheets(period: Period, deployment) -> ReportTable:
    config = deployment.plugin_config("inwonerskracht")
    rows = []
    for index, t in enumerate(participating(config, period), start=1):
        sheet = factsheet(t, config, min(period.end, clock.today()))
        rows.append([sheet["pseudonym"] or f"#{index}", *[sheet[c] for c in FACTSHEET_COLUMNS[1:]]])
    return ReportTable(columns=FACTSHEET_COLUMNS, rows=rows, title=f"Inwonerskracht factsheets {period}",
                       notes=["no names, no BSN, no dates: months are counted from the trajectory start"])


def reports() -> list[Report]:
    return [
        Report("inwonerskracht.outcomes", _l("Inwonerskracht: outcomes (nuisance, network, volunteer hours)"),
               run=outcomes, aggregate_only=True),
        Report("inwonerskracht.matches", _l("Inwonerskracht: volunteer matches by help-question kind"),
               run=matches_by_kind, aggregate_only=True),
        Report("inwonerskracht.factsheets", _l("Inwonerskracht: anonymised factsheet per family"),
               run=factsheets, aggregate_only=False),
    ]
