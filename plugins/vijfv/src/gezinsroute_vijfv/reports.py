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
def _trajectories(period):
    return list(Trajectory.select().where(
        (Trajectory.methodology == KEY) & (Trajectory.started_on <= period.end)
        & (Trajectory.ended_on.is_null() | (Trajectory.ended_on >= period.start))))


def funder_report(period, deployment=None, suppress_small: bool = True) -> ReportTable:
    """Reach, programmes, referrals per partner with outcomes, and evaluations for one period."""
    rows: list[list] = []

    def add(section, item, value):
        rows.append([section, item, suppress(value, suppress_small)])

    trajectories = _trajectories(period)
    ids = [t.id for t in trajectories]
    family_ids = {t.family_id for t in trajectories}
    add("reach", "families", len(family_ids))
    add("reach", "trajectories_started", sum(period.start <= t.started_on <= period.end for t in trajectories))
    add("reach", "trajectories_completed",
        sum(t.ended_on is not None and period.start <= t.ended_on <= period.end for t in trajectories))
    add("reach", "returning_families", sum(t.previous_id is not None for t in trajectories))
    children = set()
    if ids:
        children = {m.id for m in Member.select(Member.id).join(TrajectoryMember).where(
            TrajectoryMember.trajectory.in_(ids) & TrajectoryMember.included & (Member.role == "child"))}
    add("reach", "children", len(children))
    languages = Counter()
    if family_ids:
        for family in Family.select(Family.languages).where(Family.id.in_(list(family_ids))):
            languages.update(set(family.language_list))
    for code, n in sorted(languages.items()):
        add("languages", code, n)
    for t in Counter(t.source or "unknown" for t in trajectories).most_common():
        add("vindplaats", t[0], t[1])
    _referral_rows(add, ids, period)
    _evaluation_rows(add, ids, period)
    return ReportTable(columns=["section", "item", "count"], rows=rows,
                       title=f"5V {period}",
                       notes=[f"Aggregates only; counts under {SMALL_CELL} shown as '<{SMALL_CELL}'."]
                       if suppress_small else [])


def _referral_rows(add, trajectory_ids: list[int], period) -> None:
    if not trajectory_ids:
        return
    referrals = list(Referral.select(Referral, Partner).join(Partner).where(
        Referral.trajectory.in_(trajectory_ids) & (Referral.proposed_on <= period.end)))
    programmes = Counter((r.programme, r.status) for r in referrals if r.programme)
    for (programme, status), n in sorted(programmes.items()):
        add("programme", f"{programme}:{status}", n)
    partners = Counter((r.partner.key, r.status) for r in referrals if not r.programme)
    for (partner, status), n in sorted(partners.items()):
        add("partner_referral", f"{partner}:{status}", n)
    pairings = (Pairing.select().where(Pairing.trajectory.in_(trajectory_ids)
                                       & (Pairing.started_on <= period.end)
                                       & (Pairing.ended_on.is_null() | (Pairing.ended_on >= period.start))).count())
    add("programme", "volunteer_pairings", pairings)


def _evaluation_rows(add, trajectory_ids: list[int], period) -> None:
    evaluations = list(Evaluation.select().where(Evaluation.evaluated_on.between(period.start, period.end)
                                                 & Evaluation.trajectory.in_(trajectory_ids or [0])))
    add("evaluation", "evaluations", len(evaluations))
    results = Counter(v for e in evaluations for v in (e.results or {}).values())
    for code, n in sorted(results.items()):
        add("evaluation", f"result:{code}", n)
    for code, n in sorted(Counter(e.end_reason_cbs for e in evaluations).items()):
        add("evaluation", f"end_reason_cbs:{code}", n)
    for code, n in sorted(Counter(e.satisfaction for e in evaluations if e.satisfaction).items()):
        add("evaluation", f"satisfaction:{code}", n)


def reports() -> list[Report]:
    return [Report("vijfv.funder", _l("5V accountability report for funders"), run=funder_report,
                   aggregate_only=True,
                   description=_l("Reach, programmes, referrals per partner and evaluations; aggregates only."))]
