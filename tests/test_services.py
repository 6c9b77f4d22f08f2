"""Core services: consent age rules, referrals, plan versions, concurrency, audit, involvements."""

import datetime as dt

import pytest
from gezinsroute import clock
from gezinsroute.db import is_postgres
from gezinsroute.errors import ConflictError, ValidationFailed
from gezinsroute.models import AuditEntry, Involvement, Partner, Plan, Referral, Worker
from gezinsroute.services import audit, consent, families, involvements, plans, referrals, trajectories

from tests.conftest import TOY

pytestmark = [pytest.mark.gezinsroute_plugins("toy"), pytest.mark.gezinsroute_extra_plugins(TOY)]
TODAY = dt.date(2026, 6, 1)


def family_with_child(age: int):
    family = families.create_family("Gezin Consent", members=[
        {"role": "parent", "given_name": "Mam", "family_name": "C", "has_authority": True},
        {"role": "parent", "given_name": "Pap", "family_name": "C", "has_authority": True},
        {"role": "child", "given_name": "Kind", "family_name": "C",
         "birth_date": TODAY.replace(year=TODAY.year - age) - dt.timedelta(days=10)},
    ])
    members = {m.given_name: m for m in family.members}
    return family, members


@pytest.mark.parametrize("age, required", [(8, {"Mam", "Pap"}), (13, {"Kind", "Mam", "Pap"}), (16, {"Kind"})])
def test_required_consenters_follow_the_age_rules(gz, age, required):
    _family, m = family_with_child(age)
    assert {x.given_name for x in consent.required_consenters(m["Kind"], TODAY)} == required


def test_may_share_needs_every_required_consent(gz):
    _family, m = family_with_child(13)
    school = Partner.get(Partner.key == "school-de-regenboog")
    with clock.frozen(TODAY):
        decision = consent.may_share(m["Kind"], purpose="handover", partner=school)
        assert not decision and {x.given_name for x in decision.missing} == {"Kind", "Mam", "Pap"}
        consent.record_consent(m["Kind"], [m["Mam"], m["Pap"]], purpose="handover", recipient_kind="school")
        partial = consent.may_share(m["Kind"], purpose="handover", partner=school)
        assert {x.given_name for x in partial.missing} == {"Kind"}
        given = consent.record_consent(m["Kind"], [m["Kind"]], purpose="handover", partner=school)
        assert consent.may_share(m["Kind"], purpose="handover", partner=school)
        assert not consent.may_share(m["Kind"], purpose="report", partner=school)
        consent.withdraw(given)
        assert not consent.may_share(m["Kind"], purpose="handover", partner=school)


def test_referral_refused_without_consent_and_lifecycle(gz):
    family, m = family_with_child(8)
    library = Partner.get(Partner.key == "bibliotheek-teststad")
    t = trajectories.open_trajectory(family, "toy")
    with pytest.raises(ValidationFailed, match="consent missing from: Mam C, Pap C"):
        referrals.propose(t, library, [m["Kind"]])
    assert not Referral.select().exists()
    consent.record_consent(m["Kind"], [m["Mam"], m["Pap"]], purpose="referral", partner=library)
    referral = referrals.propose(t, library, [m["Kind"]])
    with pytest.raises(ValidationFailed, match="a proposed referral cannot become ended"):
        referrals.advance(referral, "ended")
    referrals.advance(referral, "accepted")
    referrals.advance(referral, "started")
    assert involvements.professionals_now(family.id) == 1
    referrals.advance(referral, "ended", outcome="joined the reading club")
    assert involvements.professionals_now(family.id) == 0
    assert Referral.get_by_id(referral.id).ended_on == clock.today()


def test_legal_exception_allows_sharing_without_consent(gz):
    family, m = family_with_child(8)
    t = trajectories.open_trajectory(family, "toy")
    library = Partner.get(Partner.key == "bibliotheek-teststad")
    assert referrals.propose(t, library, [m["Kind"]], legal_exception="meldcode").status == "proposed"
    with pytest.raises(ValidationFailed, match="unknown legal exception"):
        referrals.propose(t, library, [m["Kind"]], legal_exception="because")


def test_agreed_plan_is_immutable_and_changes_make_versions(gz):
    family, _m = family_with_child(8)
    t = trajectories.open_trajectory(family, "toy")
    plan = plans.create_plan(t, "toy.plan", goals=[{"description": "Elke dag naar school"}])
    plans.sign(plan, party_name="Mam C", party_role="parent")
    plans.agree(plan)
    plan = Plan.get_by_id(plan.id)
    plan.title = "changed"
    with pytest.raises(ValidationFailed, match="cannot be changed"):
        plan.save()
    with pytest.raises(ValidationFailed):
        plans.add_goal(Plan.get_by_id(plan.id), description="nog een doel")
    draft = plans.new_version(Plan.get_by_id(plan.id))
    assert (draft.version, draft.status, draft.goals.count()) == (2, "draft", 1)
    plans.sign(draft, party_name="Mam C", party_role="parent")
    plans.agree(draft)
    assert Plan.get_by_id(plan.id).status == "superseded"
    assert plans.current_plan(t, "toy.plan").id == draft.id


def test_stale_plan_write_is_refused_and_changes_nothing(gz):
    family, _m = family_with_child(8)
    t = trajectories.open_trajectory(family, "toy")
    plan = plans.create_plan(t, "toy.plan")
    first = Plan.get_by_id(plan.id)
    second = Plan.get_by_id(plan.id)
    plans.update_draft(first, expected_version=first.lock_version, title="Versie A")
    with pytest.raises(ConflictError):
        plans.update_draft(second, expected_version=second.lock_version, title="Versie B")
    assert Plan.get_by_id(plan.id).title == "Versie A"


def test_every_change_is_audited_and_the_chain_detects_edits(gz):
    before = AuditEntry.select().count()
    family, _m = family_with_child(8)
    created = AuditEntry.select().where(AuditEntry.id > 0).count() - before
    assert created == 1 + 3  # the family and its three members
    entry = AuditEntry.select().order_by(AuditEntry.id.desc()).first()
    assert (entry.action, entry.object_type, entry.family_id) == ("C", "member", family.id)
    assert audit.verify_chain()[0]
    with pytest.raises(Exception, match="append-only"):
        with gz.database.atomic():
            AuditEntry.update(username="mallory").where(AuditEntry.id == entry.id).execute()
    with gz.database.atomic() as tx:
        if is_postgres():
            gz.database.execute_sql("ALTER TABLE audit_entry DISABLE TRIGGER audit_entry_no_update")
        else:
            gz.database.execute_sql("DROP TRIGGER audit_entry_no_update")
        AuditEntry.update(username="mallory").where(AuditEntry.id == entry.id).execute()
        ok, _count, reason = audit.verify_chain()
        assert not ok and f"entry {entry.id}" in reason
        tx.rollback()


def test_closing_ends_professional_involvements_only(gz):
    family, _m = family_with_child(8)
    worker = Worker.create(username="gm", full_name="GM")
    t = trajectories.open_trajectory(family, "toy", responsible=worker)
    involvements.add_involvement(family, "network", person_name="Oma", trajectory=t)
    assert involvements.professionals_now(family.id) == 1
    trajectories.transition(t, "closed", end_reason_cbs="02")
    assert involvements.professionals_now(family.id) == 0
    assert Involvement.get(Involvement.person_name == "Oma").ended_on is None
