"""The family dossier: every kind of timeline entry shows, only the family's own, and one read costs a
fixed number of SQL statements however much the family has: the session, the family with its
need-to-know check, its trajectories, involvements and members, one timeline query over every table
it shows, and the audit entry (chain end and insert; PostgreSQL adds the advisory lock)."""

import datetime as dt

import pytest
from gezinsroute import clock
from gezinsroute.models import Family, Partner
from gezinsroute.services import assessments, contacts, plans, referrals, signals, trajectories

from tests.conftest import TOY
from tests.test_api_queries import QueryLog
from tests.web_helpers import login, make_case, make_worker

pytestmark = [pytest.mark.gezinsroute_plugins("toy"), pytest.mark.gezinsroute_extra_plugins(TOY)]

MAX_QUERIES = 9


def _fill(family, trajectory, worker, note):
    """One entry of every kind the timeline shows, marked with ``note`` where the entry has a text."""
    members = list(family.members)
    yesterday = clock.now() - dt.timedelta(days=1)
    contacts.record_contact(family, "home_visit", trajectory=trajectory, worker=worker, summary=f"{note} visit",
                            occurred_at=yesterday)
    contacts.record_contact(family, "phone_call", worker=worker, summary=f"{note} call")
    contacts.record_meeting("toy.review", trajectory=trajectory, summary=f"{note} review", worker=worker)
    contacts.record_meeting("toy.review", family=family, summary=f"{note} family meeting", worker=worker)
    partner = Partner.get(Partner.key == "school-de-regenboog")
    referrals.propose(trajectory, partner, members[:1], note=f"{note} referral", worker=worker,
                      legal_exception="meldcode")
    plans.create_plan(trajectory, "toy.plan", title=f"{note} plan", worker=worker)
    assessments.record(trajectory, "toy.check", {"a": "1", "b": "1"}, assessor=worker)
    trajectories.transition(trajectory, "work", worker=worker, note=f"{note} to work")
    signals.raise_signal(rule="ad_hoc", title=f"{note} signal", trajectory=trajectory)


def test_dossier_shows_every_kind_of_entry_and_only_the_familys_own(gz, client):
    worker = make_worker("inscope", "worker")
    family, trajectory = make_case(worker)
    other, other_trajectory = make_case(worker, name="Gezin Anders")
    _fill(family, trajectory, worker, "mine")
    _fill(other, other_trajectory, worker, "theirs")
    login(client, "inscope")
    page = client.get(f"/families/{family.id}?lang=en").get_data(as_text=True)
    for text in ("Toy started in phase Intake", "Phase Intake → Work", "mine to work", "Home visit", "mine visit",
                 "Phone call", "mine call", "Referral to Basisschool De Regenboog (proposed)", "mine referral",
                 "Toy plan, version 1 (draft)", "mine plan", "Toy check", "Outcome: fine", "Toy review",
                 "mine review", "mine family meeting", "mine signal"):
        assert text in page, text
    assert "theirs" not in page
    # a trajectory's meeting carries the family too: it shows once, not once per way it belongs
    assert page.count("mine review") == 1 and page.count("mine family meeting") == 1
    timeline = page.split('class="timeline"', 1)[1]
    assert timeline.index("mine to work") < timeline.index("mine visit")  # today's before yesterday's
    assert client.get(f"/families/{other.id}?lang=en").get_data(as_text=True).count("theirs") >= 7


def test_dossier_read_statement_budget(gz, client):
    worker = make_worker("inscope", "worker")
    family, trajectory = make_case(worker)
    login(client, "inscope")
    url = f"/families/{family.id}"
    assert client.get(url).status_code == 200  # the session's bookkeeping is done now
    with QueryLog(Family._meta.database) as small:
        assert client.get(url).status_code == 200
    _fill(family, trajectory, worker, "more")
    trajectories.transition(trajectory, "closed", end_reason_cbs="01")
    second = trajectories.open_trajectory(family, "toy", responsible=worker)
    _fill(family, second, worker, "again")
    with QueryLog(Family._meta.database) as large:
        response = client.get(url)
    assert response.status_code == 200 and b"more signal" in response.data and b"again signal" in response.data
    assert len(large.queries) == len(small.queries), (small.queries, large.queries)
    assert len(large.queries) <= MAX_QUERIES, large.queries


def test_latest_in_family_is_latest_per_trajectory(gz):
    worker = make_worker("inscope", "worker")
    family, first = make_case(worker)
    other, elsewhere = make_case(worker, name="Gezin Anders")
    assessments.record(first, "toy.check", {"a": "1", "b": "1"}, assessor=worker)
    assessments.record(first, "toy.check", {"a": "2", "b": "1"}, assessor=worker)
    assessments.record(elsewhere, "toy.check", {"a": "1", "b": "1"}, assessor=worker)
    trajectories.transition(first, "closed", end_reason_cbs="01")
    second = trajectories.open_trajectory(family, "toy", responsible=worker)
    assessments.record(second, "toy.check", {"a": "1", "b": "1"}, assessor=worker)
    found = assessments.latest_in_family(family, ["toy.check", "no.such"])
    assert {key: a.id for key, a in found.items()} == {
        (first.id, "toy.check"): assessments.latest(first, "toy.check").id,
        (second.id, "toy.check"): assessments.latest(second, "toy.check").id}
    assert found[(first.id, "toy.check")].outcome == "concern"
    assert assessments.latest_in_family(other, ["toy.check"]).keys() == {(elsewhere.id, "toy.check")}
