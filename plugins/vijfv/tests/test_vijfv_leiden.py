"""The Leiden deployment boots and routes programme referrals to the configured partner."""

import datetime as dt

import pytest
from gezinsroute.models import Partner, Worker, WorkerRole
from gezinsroute.services import consent, families, trajectories
from gezinsroute_vijfv import services

pytestmark = pytest.mark.gezinsroute_deployment("deployments/leiden.toml")


def test_programme_referral_goes_to_configured_partner(gz):
    worker = Worker.create(username="sp", full_name="Sociaal Professional")
    WorkerRole.create(worker=worker, role="worker")
    family = families.create_family("Gezin Leiden", area="WK054603", members=[
        {"role": "parent", "given_name": "Nora", "family_name": "Leiden", "has_authority": True},
        {"role": "child", "given_name": "Yara", "family_name": "Leiden", "birth_date": dt.date(2019, 1, 1)}])
    parent, child = sorted(family.members, key=lambda m: m.role != "parent")
    consent.record_consent(child, [parent], purpose="referral", recipient_kind="programme")
    t = trajectories.open_trajectory(family, "vijfv", responsible=worker)
    services.record_vindplaats(t, "jgz", referrer_partner=Partner.get(Partner.key == "jgz-leiden"))
    trajectories.transition(t, "bevragen", worker=worker)
    services.record_giz(t, variant="korte", factors={}, conclusion="positieve_bevestiging")
    trajectories.transition(t, "verbinden", worker=worker)
    (referral,) = services.connect(t, [child], programmes=["voorleesexpress"], volunteer_name="Vrijwilliger L.")
    assert referral.partner.key == "jes-rijnland"
    assert referral.vijfv_pairings.count() == 1
