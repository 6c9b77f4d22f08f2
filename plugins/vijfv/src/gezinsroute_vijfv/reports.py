"""The two 5V reports: results for the referrer (per family, with consent) and the funder report.

The funder report holds aggregates only (no names, BSNs or family references) and hides
small cells, so it can go to the municipality, funds and sponsors.
"""

from __future__ import annotations

from collections import Counter

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from gezinsroute.plugin_api import (
    SMALL_CELL,
    Family,
    Member,
    Partner,
    Problem,
    Referral,
    Report,
    ReportTable,
    Trajectory,
    TrajectoryMember,
    ValidationFailed,
    consent,
    suppress,
)
from peewee import Case, fn

from . import config
from .methodology import KEY, RESULTS
from .models import Evaluation, Pairing

RESULTS_PURPOSE = "results"


# -- (1) results for the referrer -----------------------------------------------------------------
def referrer_subjects(trajectory: Trajectory) -> list[Member]:
    """The people the report is about: the included children, else every included member."""
    rows = list(Member.select().join(TrajectoryMember).where(
        (TrajectoryMember.trajectory == trajectory.id) & TrajectoryMember.included))
    children = [m for m in rows if m.role == "child"]
    return children or rows


def referrer_report(trajectory: Trajectory) -> ReportTable:
    """Results for the school or playgroup that referred the family, only with the family's consent."""
    partner = trajectory.referrer_partner
    if partner is None:
        raise ValidationFailed(Problem(_("No referring partner is recorded for this trajectory."),
                                       "referrer_partner"))
    evaluation = Evaluation.get_or_none(Evaluation.trajectory == trajectory.id)
    if evaluation is None:
        raise ValidationFailed(Problem(_("There is no evaluation to report yet."), "evaluation"))
    subjects = referrer_subjects(trajectory)
    problems = []
    for subject in subjects:
        decision = consent.may_share(subject, purpose=RESULTS_PURPOSE, partner=partner)
        if not decision:
            problems.append(Problem(_("%(name)s: no consent to share results with %(partner)s (%(reason)s)",
                                      name=subject.given_name, partner=partner.name, reason=decision.reason),
                                    "consent"))
    if problems:
        raise ValidationFailed(problems)
    programmes = config.programmes()
    labels = {k: str(v) for k, v in RESULTS.items()}
    rows = []
    for referral in trajectory.referrals.order_by(Referral.proposed_on, Referral.id):
        names = programmes.get(referral.programme or "", {}).get("name") or referral.partner.name
        result = (evaluation.results or {}).get(f"referral:{referral.id}")
        rows.append([names, referral.status, labels.get(result, "")])
    return ReportTable(
        columns=[_("Programme or partner"), _("Status"), _("Result")], rows=rows,
        title=_("Results for %(partner)s", partner=partner.name),
        notes=[_("About: %(names)s", names=", ".join(m.given_name for m in subjects)),
               _("Impact: %(impact)s", impact=evaluation.impact),
               _("Evaluated on %(date)s", date=evaluation.evaluated_on.isoformat())])


# -- (2) funder accountability report ------------------------------------------------------------
# Grouped SQL aggregates over a subquery of the period's 5V trajectories: the database does the
# counting and Python only sees one row per group, so time and memory do not grow with the rows.
def _trajectories(period):
    return Trajectory.select(Trajectory.id).where(
        (Trajectory.methodology == KEY) & (Trajectory.started_on <= period.end)
        & (Trajectory.ended_on.is_null() | (Trajectory.ended_on >= period.start)))


def _count(expression):
    return fn.COALESCE(fn.SUM(Case(None, [(expression, 1)], 0)), 0)


def funder_report(period, deployment=None, suppress_small: bool = True) -> ReportTable:
    """Reach, programmes, referrals per partner with outcomes, and evaluations for one period."""
    rows: list[list] = []

    def add(section, item, value):
        rows.append([section, item, suppress(value, suppress_small)])

    ids = _trajectories(period)
    total, families, started, completed, returning = (Trajectory.select(
        fn.COUNT(Trajectory.id), fn.COUNT(fn.DISTINCT(Trajectory.family)),
        _count(Trajectory.started_on.between(period.start, period.end)),
        _count(Trajectory.ended_on.is_null(False) & Trajectory.ended_on.between(period.start, period.end)),
        _count(Trajectory.previous.is_null(False)))
        .where(Trajectory.id.in_(ids)).tuples().first())
    add("reach", "families", families)
    add("reach", "trajectories_started", started)
    add("reach", "trajectories_completed", completed)
    add("reach", "returning_families", returning)
    children = 0
    if total:
        # a semi-join (each child once) instead of COUNT(DISTINCT ...) over the join: no sort
        included = TrajectoryMember.select(TrajectoryMember.member).where(
            TrajectoryMember.trajectory.in_(ids) & TrajectoryMember.included)
        children = Member.select().where((Member.role == "child") & Member.id.in_(included)).count()
    add("reach", "children", children)
    languages = Counter()
    if total:
        family_ids = Trajectory.select(Trajectory.family).where(Trajectory.id.in_(ids))
        for value, n in (Family.select(Family.languages, fn.COUNT(Family.id))
                         .where(Family.id.in_(family_ids)).group_by(Family.languages).tuples()):
            for code in set(Family(languages=value).language_list):
                languages[code] += n
    for code, n in sorted(languages.items()):
        add("languages", code, n)
    # Counter(...).most_common() over the trajectories as the old row-by-row report met them (in
    # the order of the methodology/phase index: phase, then id): by count, ties by first met.
    source = Case(None, [((Trajectory.source.is_null() | (Trajectory.source == "")), "unknown")], Trajectory.source)
    counts: Counter = Counter()
    first: dict = {}
    for name, phase, n, lowest in (Trajectory.select(source, Trajectory.phase, fn.COUNT(Trajectory.id),
                                                     fn.MIN(Trajectory.id))
                                   .where(Trajectory.id.in_(ids)).group_by(source, Trajectory.phase).tuples()):
        counts[name] += n
        key = (phase or "", lowest)
        first[name] = min(first.get(name, key), key)
    for name in sorted(counts, key=lambda k: (-counts[k], first[k])):
        add("vindplaats", name, counts[name])
    if total:
        _referral_rows(add, ids, period)
    _evaluation_rows(add, ids, period)
    return ReportTable(columns=["section", "item", "count"], rows=rows,
                       title=f"5V {period}",
                       notes=[f"Aggregates only; counts under {SMALL_CELL} shown as '<{SMALL_CELL}'."]
                       if suppress_small else [])


def _referral_rows(add, trajectory_ids, period) -> None:
    referrals = (Referral.trajectory.in_(trajectory_ids) & (Referral.proposed_on <= period.end))
    has_programme = Referral.programme.is_null(False) & (Referral.programme != "")
    programmes = (Referral.select(Referral.programme, Referral.status, fn.COUNT(Referral.id))
                  .join(Partner, on=(Referral.partner == Partner.id))
                  .where(referrals & has_programme).group_by(Referral.programme, Referral.status).tuples())
    for programme, status, n in sorted(programmes, key=lambda r: (r[0], r[1])):
        add("programme", f"{programme}:{status}", n)
    partners = (Referral.select(Partner.key, Referral.status, fn.COUNT(Referral.id))
                .join(Partner, on=(Referral.partner == Partner.id))
                .where(referrals & ~has_programme).group_by(Partner.key, Referral.status).tuples())
    for partner, status, n in sorted(partners, key=lambda r: (r[0], r[1])):
        add("partner_referral", f"{partner}:{status}", n)
    pairings = (Pairing.select().where(Pairing.trajectory.in_(trajectory_ids)
                                       & (Pairing.started_on <= period.end)
                                       & (Pairing.ended_on.is_null() | (Pairing.ended_on >= period.start))).count())
    add("programme", "volunteer_pairings", pairings)


def _evaluation_rows(add, trajectory_ids, period) -> None:
    evaluations = (Evaluation.evaluated_on.between(period.start, period.end)
                   & Evaluation.trajectory.in_(trajectory_ids))
    add("evaluation", "evaluations", Evaluation.select().where(evaluations).count())
    results = Counter()
    # the result codes live in a JSON document per evaluation: streamed, one document at a time
    for (document,) in Evaluation.select(Evaluation.results).where(evaluations).tuples().iterator():
        results.update((document or {}).values())
    for code, n in sorted(results.items()):
        add("evaluation", f"result:{code}", n)
    end_reasons = (Evaluation.select(Evaluation.end_reason_cbs, fn.COUNT(Evaluation.id))
                   .where(evaluations).group_by(Evaluation.end_reason_cbs).tuples())
    for code, n in sorted(end_reasons):
        add("evaluation", f"end_reason_cbs:{code}", n)
    satisfied = (Evaluation.select(Evaluation.satisfaction, fn.COUNT(Evaluation.id))
                 .where(evaluations & Evaluation.satisfaction.is_null(False) & (Evaluation.satisfaction != ""))
                 .group_by(Evaluation.satisfaction).tuples())
    for code, n in sorted(satisfied):
        add("evaluation", f"satisfaction:{code}", n)


def reports() -> list[Report]:
    return [Report("vijfv.funder", _l("5V accountability report for funders"), run=funder_report,
                   aggregate_only=True,
                   description=_l("Reach, programmes, referrals per partner and evaluations; aggregates only."))]
