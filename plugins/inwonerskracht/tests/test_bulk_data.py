"""Inwonerskracht rows of a bulk load (``populate_bulk_data``) on the systeemgericht trajectories it extends
(deployments/borsele.toml): plausible, consistent, reproducible, readable."""

import datetime as dt
from pathlib import Path

import pytest

pytest.importorskip("gezinsroute_systeemgericht")

from gezinsroute import bulk, clock  # noqa: E402
from gezinsroute.models import Meeting, Trajectory  # noqa: E402
from gezinsroute.reports import Period  # noqa: E402
from gezinsroute.testing.helpers import act_as_worker, dangling, day, within_trajectory  # noqa: E402
from gezinsroute_inwonerskracht import reports, rules  # noqa: E402
from gezinsroute_inwonerskracht.methodology import CASUISTIEK  # noqa: E402
from gezinsroute_inwonerskracht.models import (  # noqa: E402
    CaseDiscussion,
    HelpQuestion,
    Match,
    MatchNote,
    NetworkMeasurement,
    NuisanceReport,
    Volunteer,
)
from peewee import fn  # noqa: E402

BORSELE = Path(__file__).resolve().parents[3] / "deployments" / "borsele.toml"
pytestmark = pytest.mark.gezinsroute_deployment(str(BORSELE))

FAMILIES = 60





def test_bulk_load_writes_consistent_inwonerskracht_rows(gz):
    db = gz.database
    config = gz.deployment.plugin_config("inwonerskracht")
    result = bulk.generate(gz, families=FAMILIES, seed=3)
    extended = Trajectory.select().where(Trajectory.methodology.in_(config["extends"]))
    participating = HelpQuestion.select(HelpQuestion.trajectory).distinct().count()
    assert extended.count() > 40 and 0.25 * extended.count() <= participating <= 0.75 * extended.count()
    assert participating <= HelpQuestion.select().count() <= 2 * participating
    assert 0 < Match.select().count() <= HelpQuestion.select().count()
    assert 0 < Volunteer.select().count() == result.counts["inwonerskracht_volunteer"]
    assert Match.select().count() <= MatchNote.select().count() <= 2 * Match.select().count()
    assert participating <= NetworkMeasurement.select().count() <= 2 * participating
    assert participating <= NuisanceReport.select().count() <= 3 * participating
    assert 0 < CaseDiscussion.select().count() <= participating
    for child, column, parent in [
            ("inwonerskracht_help_question", "trajectory_id", "trajectory"),
            ("inwonerskracht_help_question", "family_id", "family"),
            ("inwonerskracht_help_question", "created_by_id", "worker"),
            ("inwonerskracht_volunteer", "partner_id", "partner"), ("inwonerskracht_volunteer", "worker_id", "worker"),
            ("inwonerskracht_match", "help_question_id", "inwonerskracht_help_question"),
            ("inwonerskracht_match", "volunteer_id", "inwonerskracht_volunteer"),
            ("inwonerskracht_match", "trajectory_id", "trajectory"), ("inwonerskracht_match", "family_id", "family"),
            ("inwonerskracht_match", "approved_by_id", "worker"),
            ("inwonerskracht_match", "involvement_id", "involvement"),
            ("inwonerskracht_match_note", "match_id", "inwonerskracht_match"),
            ("inwonerskracht_match_note", "written_by_id", "worker"),
            ("inwonerskracht_network_measurement", "family_id", "family"),
            ("inwonerskracht_network_measurement", "trajectory_id", "trajectory"),
            ("inwonerskracht_nuisance_report", "family_id", "family"),
            ("inwonerskracht_nuisance_report", "recorded_by_id", "worker"),
            ("inwonerskracht_case_discussion", "meeting_id", "meeting"),
            ("inwonerskracht_case_discussion", "trajectory_id", "trajectory")]:
        assert dangling(db, child, column, parent) == 0, (child, column)
    for q in HelpQuestion.select(HelpQuestion, Trajectory).join(Trajectory):
        t = q.trajectory
        assert t.methodology in config["extends"] and q.family_id == t.family_id
        assert within_trajectory(t, q.formulated_on)
        assert q.kind in config["help_question_kinds"] and q.horizon in ("short", "long")
        assert q.status == ("open" if t.ended_on is None else "answered")
    for m in Match.select(Match, HelpQuestion, Trajectory).join(HelpQuestion).switch(Match).join(Trajectory):
        t = m.trajectory
        # R21 (valid VOG and an intake), the gezinsmanager's approval, inside the trajectory
        assert rules.volunteer_problems(Volunteer.get_by_id(m.volunteer_id), config, m.started_on) == []
        assert m.help_question.trajectory_id == t.id and m.help_question.involve_volunteers
        assert m.approved_by_id == t.responsible_id and m.family_id == t.family_id
        assert within_trajectory(t, m.started_on, m.ended_on) and m.ended_on == t.ended_on
    for n in MatchNote.select(MatchNote, Match).join(Match):
        assert day(n.match.started_on) <= day(n.occurred_on) <= day(n.match.ended_on or clock.today())
        assert 0 < n.hours <= 3
    for d in CaseDiscussion.select(CaseDiscussion, Meeting, Trajectory).join(Meeting).switch(CaseDiscussion).join(
            Trajectory):
        assert d.meeting.kind == CASUISTIEK and within_trajectory(d.trajectory, d.meeting.held_on)
        assert d.pseudonym.startswith("Casus ")
    assert all(day(r.reported_on) <= day(clock.today()) for r in NuisanceReport.select())


def test_bulk_load_is_reproducible(gz):
    def fingerprint(first, last, first_volunteer):
        rows = (HelpQuestion.select(HelpQuestion, Trajectory).join(Trajectory)
                .where(Trajectory.id.between(first, last)).order_by(HelpQuestion.id))
        matches = (Match.select(Match, Trajectory).join(Trajectory)
                   .where(Trajectory.id.between(first, last)).order_by(Match.id))
        return ([(q.trajectory_id - first, q.kind, (q.formulated_on - q.trajectory.started_on).days) for q in rows]
                + [(m.trajectory_id - first, m.volunteer_id - first_volunteer,
                    (m.started_on - m.trajectory.started_on).days) for m in matches])

    def load():
        before = Volunteer.select(fn.MAX(Volunteer.id)).scalar() or 0
        bulk.generate(gz, families=30, seed=11)
        return Volunteer.select(fn.MIN(Volunteer.id)).where(Volunteer.id > before).scalar()

    db = gz.database
    first = bulk._next_id(db, "trajectory")
    first_volunteer = load()
    second = bulk._next_id(db, "trajectory")
    second_volunteer = load()
    end = bulk._next_id(db, "trajectory")
    assert (fingerprint(first, second - 1, first_volunteer) == fingerprint(second, end - 1, second_volunteer)
            != [])


def test_inwonerskracht_screens_and_reports_read_bulk_data(gz, app, client):
    bulk.generate(gz, families=FAMILIES, seed=5)
    today = clock.today()
    period = Period(today - dt.timedelta(days=3 * 365), today)
    outcomes = dict(reports.outcomes(period, gz.deployment, suppress_small=False).rows)
    assert outcomes["families_in_approach"] == HelpQuestion.select(HelpQuestion.trajectory).distinct().count()
    assert outcomes["volunteer_hours"] > 0 and outcomes["families_with_network_measured"] > 0
    assert reports.matches_by_kind(period, gz.deployment, suppress_small=False).rows
    assert len(reports.factsheets(period, gz.deployment).rows) == outcomes["families_in_approach"]
    who = act_as_worker(app)
    match = (Match.select().join(Trajectory).where(Trajectory.ended_on.is_null() & Match.ended_on.is_null())
             .order_by(Match.id).first())
    t = Trajectory.get_by_id(match.trajectory_id)
    who["worker"] = t.responsible
    page = client.get(f"/inwonerskracht/trajectory/{t.id}?lang=en")
    assert page.status_code == 200
    assert Volunteer.get_by_id(match.volunteer_id).display_name in page.get_data(as_text=True)
    assert client.get(f"/inwonerskracht/trajectory/{t.id}/factsheet?lang=en").status_code == 200
    family_page = client.get(f"/families/{t.family_id}?lang=en")
    assert family_page.status_code == 200 and "Help questions" in family_page.get_data(as_text=True)
