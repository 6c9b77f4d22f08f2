"""The methodology's gates: which transitions and plan agreements are refused, and why.

Closing (R17) needs an agreed borgingsplan and a *final risicotaxatie*: an ARIJ RT
recorded since the trajectory entered borging. Its outcome is the final risk level;
we read it from the core assessment instead of copying it into an own table.
"""

from __future__ import annotations

from flask_babel import gettext as _
from gezinsroute.plugin_api import Assessment, Plan, Problem, assessments, plans

from . import methodology as M
from .services import acute_problem


def transition_problems(trajectory, from_phase: str, to_phase: str) -> list[Problem]:
    if trajectory.methodology != M.KEY:
        return []
    acute = acute_problem(trajectory)
    if acute:
        return [acute]
    if (from_phase, to_phase) == ("veiligheid", "uitvoering"):
        return _end_of_phase_one(trajectory)
    if to_phase == "afgesloten":
        return _closing(trajectory)
    return []


def _end_of_phase_one(trajectory) -> list[Problem]:
    problems = []
    vt = assessments.latest(trajectory, M.VT)
    if vt is None:
        problems.append(Problem(_("phase 1 ends only after an ARIJ veiligheidstaxatie"), "arij_vt"))
    elif vt.outcome in ("unsafe", "acutely_unsafe") and plans.current_plan(trajectory, M.VEILIGHEIDSPLAN) is None:
        problems.append(Problem(_("the children are not safe: agree a signed veiligheidsplan first"),
                                "veiligheidsplan"))
    if plans.current_plan(trajectory, M.GEZINSPLAN) is None:
        problems.append(Problem(_("phase 1 ends only when the gezinsplan is agreed"), "gezinsplan"))
    return problems


def final_rt(trajectory) -> Assessment | None:
    """The risicotaxatie recorded since the trajectory entered borging (the final risk level)."""
    since = M.phase_started_on(trajectory, "borging")
    return (Assessment.select().where((Assessment.trajectory == trajectory.id) & (Assessment.instrument == M.RT)
                                      & (Assessment.assessed_on >= since))
            .order_by(Assessment.assessed_on.desc(), Assessment.id.desc()).first())


def _closing(trajectory) -> list[Problem]:
    problems = []
    if plans.current_plan(trajectory, M.BORGINGSPLAN) is None:
        problems.append(Problem(_("a trajectory closes only with an agreed borgingsplan"), "borgingsplan"))
    if final_rt(trajectory) is None:
        problems.append(Problem(_("record a final ARIJ risicotaxatie in the borging phase before closing "
                                  "(it is the final risk level)"), "arij_rt"))
    return problems


def plan_problems(plan: Plan) -> list[Problem]:
    if plan.kind not in (M.VEILIGHEIDSPLAN, M.GEZINSPLAN, M.BORGINGSPLAN):
        return []
    acute = acute_problem(plan.trajectory)
    if acute:
        return [acute]
    if plan.kind == M.VEILIGHEIDSPLAN:
        return _veiligheidsplan(plan.content or {})
    if plan.kind == M.GEZINSPLAN:
        return _gezinsplan(plan)
    return _borgingsplan(plan.content or {})


def _veiligheidsplan(content: dict) -> list[Problem]:
    bodemeisen = content.get("bodemeisen") or []
    if not bodemeisen:
        return [Problem(_("a veiligheidsplan needs at least one bodemeis"), "bodemeisen")]
    problems = []
    for index, eis in enumerate(bodemeisen, start=1):
        if not str(eis.get("requirement") or "").strip():
            problems.append(Problem(_("bodemeis %(index)s has no text", index=index), f"bodemeisen[{index - 1}]"))
        elif not str(eis.get("consequence") or "").strip():
            problems.append(Problem(_("bodemeis %(index)s ('%(requirement)s') has no consequence",
                                      index=index, requirement=eis["requirement"]),
                                    f"bodemeisen[{index - 1}].consequence"))
    return problems


def _gezinsplan(plan: Plan) -> list[Problem]:
    problems = []
    if not (plan.language or "").strip():
        problems.append(Problem(_("record the language the gezinsplan was made in (the family's language)"),
                                "language"))
    if not plan.goals.exists():
        problems.append(Problem(_("a gezinsplan needs at least one goal"), "goals"))
    drp = assessments.latest(plan.trajectory, M.DRP)
    if drp is not None:
        linked = {g.linked_to for g in plan.goals}
        for factor, level in sorted((drp.scores or {}).items()):
            if level == "hoog" and factor not in linked:
                problems.append(Problem(_("high risk factor '%(factor)s' has no goal in the gezinsplan", factor=factor),
                                        "goals", severity="warning"))
    return problems


def _borgingsplan(content: dict) -> list[Problem]:
    problems = []
    for key, label in (("origin", _("where the family came from")), ("learned", _("what the family learned")),
                       ("future", _("what to do in future situations"))):
        if not str(content.get(key) or "").strip():
            problems.append(Problem(_("the borgingsplan must say %(what)s", what=label), key))
    watchers = [w for w in content.get("watchers") or [] if str(w.get("who") or "").strip()
                and str(w.get("watches") or "").strip()]
    if not watchers:
        problems.append(Problem(_("the borgingsplan must say who in the network or area team watches what"),
                                "watchers"))
    return problems
