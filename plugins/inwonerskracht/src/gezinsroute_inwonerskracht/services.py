"""Write paths of the add-on. Every refusal raises ValidationFailed and writes nothing."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from flask_babel import gettext as _
from gezinsroute.plugin_api import (
    Meeting,
    Member,
    Problem,
    Trajectory,
    TrajectoryMember,
    ValidationFailed,
    Worker,
    clock,
    consent,
    contacts,
    involvements,
    signals,
    unit_of_work,
)

from gezinsroute_inwonerskracht import rules
from gezinsroute_inwonerskracht.methodology import (
    CASUISTIEK,
    GUIDANCE,
    REFLECTION,
    SAFETY_SIGNAL,
    SCHADUWWERKER_ROLE,
    VOLUNTEER_ROLE,
)
from gezinsroute_inwonerskracht.models import (
    CaseDiscussion,
    HelpQuestion,
    Match,
    MatchNote,
    NetworkMeasurement,
    NuisanceReport,
    Volunteer,
)

CONSENT_PURPOSE = "volunteer_match"
CONSENT_RECIPIENT = "volunteer"


def _refuse_if(problems: list[Problem]) -> None:
    if problems:
        raise ValidationFailed(problems)


# -- help questions ------------------------------------------------------------------------------
def add_help_question(trajectory: Trajectory, config: dict, *, question: str, kind: str, horizon: str,
                      involve_volunteers: bool, worker: Worker | None = None,
                      formulated_on: dt.date | None = None) -> HelpQuestion:
    data = {"question": question, "kind": kind, "horizon": horizon}
    _refuse_if(rules.trajectory_problems(trajectory, config) + rules.help_question_problems(data, config))
    with unit_of_work():
        row = HelpQuestion.create(trajectory=trajectory, family=trajectory.family_id, question=question.strip(),
                                  kind=kind, horizon=horizon, involve_volunteers=bool(involve_volunteers),
                                  formulated_on=formulated_on or clock.today(), created_by=worker)
        signals.refresh(trajectory)  # the trajectory now takes part: casuïstiek cadence applies
    return row


# -- volunteers ----------------------------------------------------------------------------------
def register_volunteer(config: dict, *, display_name: str, profile: str | None = None,
                       availability: str | None = None, training: str | None = None,
                       vog_date: dt.date | None = None, intake_date: dt.date | None = None,
                       worker: Worker | None = None) -> Volunteer:
    """Volunteers come in through the volunteer centre partner named in the settings."""
    partner = rules.centre_partner(config)
    problems = []
    if partner is None:
        problems.append(Problem(_("the volunteer centre partner '%(key)s' is not in this deployment",
                                  key=config["volunteer_centre"]), "partner"))
    if not (display_name or "").strip():
        problems.append(Problem(_("give the volunteer's name"), "display_name"))
    if worker is not None and "volunteer" not in worker.roles:
        problems.append(Problem(_("a volunteer's login must have the role 'volunteer'"), "worker"))
    _refuse_if(problems)
    return Volunteer.create(partner=partner, display_name=display_name.strip(), profile=profile,
                            availability=availability, training=training, vog_date=vog_date,
                            intake_date=intake_date, worker=worker)


def family_subjects(trajectory: Trajectory) -> list[Member]:
    """The members the trajectory concerns: their data goes to the volunteer."""
    return list(Member.select().join(TrajectoryMember).where(
        (TrajectoryMember.trajectory == trajectory.id) & TrajectoryMember.included).order_by(Member.id))


def match_volunteer(question: HelpQuestion, volunteer: Volunteer, config: dict, *, tasks: str,
                    approved_by: Worker | None, started_on: dt.date | None = None) -> Match:
    """Match a volunteer to a help question (R21 + gezinsmanager approval + family consent)."""
    trajectory = Trajectory.get_by_id(question.trajectory_id)
    started_on = started_on or clock.today()
    problems = (rules.trajectory_problems(trajectory, config)
                + rules.approval_problems(question, approved_by, trajectory)
                + rules.volunteer_problems(volunteer, config, started_on))
    if not (tasks or "").strip():
        problems.append(Problem(_("agree the volunteer's tasks with the family first"), "tasks"))
    if rules.duplicate_match(question, volunteer):
        problems.append(Problem(_("this volunteer is already matched to this question"), "volunteer"))
    _refuse_if(problems)
    consent.check_share(family_subjects(trajectory), purpose=CONSENT_PURPOSE, recipient_kind=CONSENT_RECIPIENT,
                        on=started_on)
    with unit_of_work():
        involvement = involvements.add_involvement(
            trajectory.family, VOLUNTEER_ROLE, person_name=volunteer.display_name, trajectory=trajectory,
            started_on=started_on, note=question.question[:200])
        match = Match.create(help_question=question, volunteer=volunteer, trajectory=trajectory,
                             family=trajectory.family_id, tasks=tasks.strip(), approved_by=approved_by,
                             started_on=started_on, involvement=involvement)
        signals.refresh(trajectory)
    return match


def end_match(match: Match, on: dt.date | None = None) -> Match:
    on = on or clock.today()
    with unit_of_work():
        match.ended_on = on
        match.save()
        if match.involvement_id:
            involvements.end_involvement(match.involvement, on)
        signals.refresh(Trajectory.get_by_id(match.trajectory_id))
    return match


def volunteer_for(worker: Worker) -> Volunteer | None:
    return Volunteer.get_or_none(Volunteer.worker == worker.id)


def _hours(value) -> Decimal:
    try:
        hours = Decimal(str(value or 0))
    except InvalidOperation:
        raise ValidationFailed(Problem(_("hours must be a number"), "hours")) from None
    if hours < 0 or hours > 24:
        raise ValidationFailed(Problem(_("hours must lie between 0 and 24"), "hours"))
    return hours


def add_note(match: Match, *, worker: Worker | None, note: str, hours=0,
             occurred_on: dt.date | None = None) -> MatchNote:
    if not (note or "").strip():
        raise ValidationFailed(Problem(_("write a short note"), "note"))
    occurred_on = occurred_on or clock.today()
    if occurred_on > clock.today():
        raise ValidationFailed(Problem(_("a contact is noted after it happened"), "occurred_on"))
    return MatchNote.create(match=match, written_by=worker, occurred_on=occurred_on, hours=_hours(hours),
                            note=note.strip())


def raise_safety_concern(match: Match, *, worker: Worker | None, text: str):
    """R22: a volunteer's safety concern reaches the gezinsmanager at once and must be acknowledged."""
    if not (text or "").strip():
        raise ValidationFailed(Problem(_("describe what worries you"), "text"))
    trajectory = Trajectory.get_by_id(match.trajectory_id)
    with unit_of_work():
        MatchNote.create(match=match, written_by=worker, occurred_on=clock.today(), hours=0,
                         note=text.strip(), safety_concern=True)
        signal = signals.raise_signal(
            rule=SAFETY_SIGNAL, title=_("Safety concern raised by a volunteer"), trajectory=trajectory,
            priority="high", requires_ack=True, detail=text.strip(), source="volunteer")
    return signal


def record_guidance(match: Match, *, worker: Worker, summary: str,
                    occurred_at: dt.datetime | None = None):
    """A guidance contact of the gezinsmanager with the volunteer (R23), a core contact."""
    trajectory = Trajectory.get_by_id(match.trajectory_id)
    text = f"{match.volunteer.display_name}: {summary.strip()}" if summary else match.volunteer.display_name
    return contacts.record_contact(trajectory.family, GUIDANCE, trajectory=trajectory, worker=worker,
                                   summary=text, occurred_at=occurred_at)


# -- schaduwwerker ------------------------------------------------------------------------------
def add_schaduwwerker(trajectory: Trajectory, worker: Worker, config: dict, on: dt.date | None = None):
    problems = rules.trajectory_problems(trajectory, config)
    if worker.id == trajectory.responsible_id:
        problems.append(Problem(_("the schaduwwerker is a second professional, not the gezinsmanager"),
                                "worker"))
    if active_schaduwwerker(trajectory) is not None:
        problems.append(Problem(_("this trajectory already has a schaduwwerker"), "worker"))
    _refuse_if(problems)
    return involvements.add_involvement(trajectory.family, SCHADUWWERKER_ROLE, worker=worker,
                                        trajectory=trajectory, started_on=on or clock.today())


def active_schaduwwerker(trajectory: Trajectory):
    from gezinsroute.plugin_api import Involvement

    return involvements.active(Involvement.select().where(
        (Involvement.trajectory == trajectory.id) & (Involvement.role == SCHADUWWERKER_ROLE))).first()


def record_reflection(trajectory: Trajectory, *, worker: Worker, summary: str,
                      held_on: dt.date | None = None) -> Meeting:
    """A reflection session needs a schaduwwerker on the trajectory to reflect with."""
    partner = active_schaduwwerker(trajectory)
    if partner is None:
        raise ValidationFailed(Problem(_("add a schaduwwerker before recording a reflection session"),
                                       "schaduwwerker"))
    participants = [{"name": partner.worker.full_name, "role": "schaduwwerker", "worker": partner.worker}]
    if trajectory.responsible_id:
        participants.append({"name": trajectory.responsible.full_name, "role": "gezinsmanager",
                             "worker": trajectory.responsible})
    return contacts.record_meeting(REFLECTION, trajectory=trajectory, held_on=held_on, summary=summary,
                                   participants=participants, worker=worker)


# -- casuïstiekbijeenkomst ----------------------------------------------------------------------
def extended_open_trajectories(config: dict):
    return Trajectory.select().where(Trajectory.methodology.in_(config["extends"]) & Trajectory.ended_on.is_null())


def record_casuistiek(config: dict, *, worker: Worker | None, held_on: dt.date | None = None,
                      participants: list[dict] = (), summary: str | None = None,
                      decisions: list[str] = ()) -> Meeting:
    """Record the deployment-wide meeting and move the cadence signal of every extended trajectory."""
    with unit_of_work():
        meeting = contacts.record_meeting(CASUISTIEK, held_on=held_on, participants=list(participants),
                                          summary=summary, decisions=list(decisions), worker=worker)
        for trajectory in extended_open_trajectories(config):
            signals.refresh(trajectory)
    return meeting


def pseudonym_for(trajectory: Trajectory) -> str:
    """A stable pseudonym per trajectory ("Casus 3"), never derived from names or references."""
    existing = CaseDiscussion.get_or_none(CaseDiscussion.trajectory == trajectory.id)
    if existing is not None:
        return existing.pseudonym
    used = CaseDiscussion.select(CaseDiscussion.trajectory).distinct().count()
    return _("Casus %(n)s", n=used + 1)


def discuss_case(meeting: Meeting, trajectory: Trajectory, config: dict, *, discussion: str | None = None,
                 volunteer_dilemmas: str | None = None, decisions: str | None = None) -> CaseDiscussion:
    problems = []
    if meeting.kind != CASUISTIEK:
        problems.append(Problem(_("cases are discussed at a casuïstiekbijeenkomst"), "meeting"))
    if not rules.extends(trajectory, config):
        problems.append(Problem(_("the volunteer approach is not used with this methodology"), "trajectory"))
    if CaseDiscussion.select().where((CaseDiscussion.meeting == meeting.id)
                                     & (CaseDiscussion.trajectory == trajectory.id)).exists():
        problems.append(Problem(_("this case is already on this meeting"), "trajectory"))
    _refuse_if(problems)
    return CaseDiscussion.create(meeting=meeting, trajectory=trajectory, pseudonym=pseudonym_for(trajectory),
                                 discussion=discussion, volunteer_dilemmas=volunteer_dilemmas,
                                 decisions=decisions)


# -- outcomes -----------------------------------------------------------------------------------
def add_nuisance_report(trajectory: Trajectory, config: dict, *, reported_on: dt.date, source: str,
                        note: str | None = None, worker: Worker | None = None) -> NuisanceReport:
    problems = []
    if source not in config["nuisance_sources"]:
        problems.append(Problem(_("choose a source: %(sources)s", sources=", ".join(config["nuisance_sources"])),
                                "source"))
    if reported_on is None or reported_on > clock.today():
        problems.append(Problem(_("give the date of the report (not in the future)"), "reported_on"))
    _refuse_if(problems)
    return NuisanceReport.create(family=trajectory.family_id, reported_on=reported_on, source=source, note=note,
                                 recorded_by=worker)


def measure_network(trajectory: Trajectory, *, size: int, measured_on: dt.date | None = None,
                    note: str | None = None, worker: Worker | None = None) -> NetworkMeasurement:
    measured_on = measured_on or clock.today()
    problems = []
    if size is None or size < 0 or size > 500:
        problems.append(Problem(_("the network size is a number of people from 0 to 500"), "size"))
    if measured_on > clock.today():
        problems.append(Problem(_("a measurement is recorded after it was taken"), "measured_on"))
    _refuse_if(problems)
    return NetworkMeasurement.create(family=trajectory.family_id, trajectory=trajectory, measured_on=measured_on,
                                     size=size, note=note, recorded_by=worker)
