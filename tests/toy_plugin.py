"""A small methodology used by the core's own tests (registered as plugin 'toy')."""

from gezinsroute import hookimpl
from gezinsroute.plugin_api import (
    CadenceRule,
    EscalationLadder,
    Instrument,
    MeetingKind,
    Methodology,
    Phase,
    PlanKind,
    Problem,
    assessments,
    contacts,
)

EVENTS = []


def _score(scores):
    return "concern" if "2" in scores.values() else "fine"


@hookimpl
def register_methodologies():
    return [Methodology(
        key="toy", label="Toy", description="A test methodology",
        phases=(Phase("intake", "Intake"), Phase("work", "Work"), Phase("closed", "Closed", closed=True)),
        transitions=(("intake", "work"), ("work", "closed"), ("intake", "closed")),
        single_open_per_family=True)]


@hookimpl
def register_definitions():
    return [
        PlanKind("toy.plan", "Toy plan", methodologies=("toy",), requires_signatures=True),
        Instrument("toy.check", "1", "Toy check", items=("a", "b"), allowed_scores=("0", "1", "2"),
                   outcomes=("fine", "concern"), score=_score, methodologies=("toy",)),
        MeetingKind("toy.review", "Toy review", methodologies=("toy",)),
        EscalationLadder("toy.ladder", "Toy ladder", steps=(("worker", 3), ("teamleider", 5), ("director", 0))),
        CadenceRule("toy.visit", "Home visit due", methodologies=("toy",), every_days=14, warn_days=3,
                    last_done=lambda t: contacts.last_contact_on(t, ("home_visit",))),
        CadenceRule("toy.review", "Review due", methodologies=("toy",), every_days=42, warn_days=7,
                    phases=("work",), last_done=lambda t: contacts.last_meeting_on(t, "toy.review")),
    ]


@hookimpl
def validate_transition(trajectory, to_phase):
    if trajectory.methodology != "toy":
        return []
    if to_phase == "work" and assessments.latest(trajectory, "toy.check") is None:
        return [Problem("record a toy check before starting the work", "to_phase")]
    return [Problem("just a warning", severity="warning")] if to_phase == "work" else []


@hookimpl
def validate_plan(plan):
    if plan.kind == "toy.plan" and not plan.goals.exists():
        return ["a toy plan needs at least one goal"]
    return []


@hookimpl
def on_event(event):
    EVENTS.append(event)
