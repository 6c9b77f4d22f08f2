"""The real pair: inwonerskracht on top of systeemgericht, booted from deployments/borsele.toml."""

import datetime as dt
from pathlib import Path

import pytest

pytest.importorskip("gezinsroute_systeemgericht")

from gezinsroute.models import WorkerRole  # noqa: E402
from gezinsroute.plugin_api import Team, Worker, clock, families, registry, trajectories  # noqa: E402
from gezinsroute.runtime import boot, current, set_current  # noqa: E402
from gezinsroute_inwonerskracht import services  # noqa: E402
from inwonerskracht_helpers import give_consent  # noqa: E402

BORSELE = Path(__file__).resolve().parents[3] / "deployments" / "borsele.toml"
pytestmark = pytest.mark.gezinsroute_deployment(str(BORSELE))


def test_volunteer_match_on_a_systeemgericht_trajectory(gz):
    config = gz.deployment.plugin_config("inwonerskracht")
    manager = Worker.create(username="gm-borsele", full_name="GM", team=Team.get(Team.key == "gezinsmanagers-borsele"))
    WorkerRole.create(worker=manager, role="worker")
    family = families.create_family("Gezin Kern", area="kwadendamme", members=[
        {"role": "parent", "given_name": "Els", "family_name": "Kern", "has_authority": True,
         "birth_date": dt.date(1980, 1, 1)}])
    with clock.frozen(dt.date(2026, 3, 2)):
        t = trajectories.open_trajectory(family, "systeemgericht", responsible=manager)
        give_consent(t)
        q = services.add_help_question(t, config, question="Iemand om mee te wandelen", kind="social_contact",
                                       horizon="long", involve_volunteers=True)
        v = services.register_volunteer(config, display_name="Dorpsgenoot", vog_date=dt.date(2025, 9, 1),
                                        intake_date=dt.date(2025, 9, 15))
        match = services.match_volunteer(q, v, config, tasks="Wekelijks wandelen", approved_by=manager)
    assert match.involvement.role == "inwonerskracht.volunteer"
    assert v.partner.name == "VrijwilligersHuis Borsele"
    assert "inwonerskracht.casuistiek" in [d.key for d in registry().for_methodology(
        registry().meeting_kinds, "systeemgericht")]


def test_disabling_inwonerskracht_leaves_systeemgericht_unchanged(gz, tmp_path):
    with_addon = registry().methodology("systeemgericht")
    alone = tmp_path / "alone.toml"
    text = BORSELE.read_text().replace('plugins = ["systeemgericht", "inwonerskracht"]', 'plugins = ["systeemgericht"]')
    alone.write_text(text.split("[plugins.inwonerskracht]")[0])
    keep = current()
    try:
        without = boot(alone, activate=False).registry
    finally:
        set_current(keep)
    assert without.methodology("systeemgericht") == with_addon
    for table in ("plan_kinds", "instruments", "cadence_rules", "meeting_kinds"):
        base = {d.key for d in without.for_methodology(getattr(without, table), "systeemgericht")}
        extended = {d.key for d in registry().for_methodology(getattr(registry(), table), "systeemgericht")}
        assert base <= extended
        assert all(k.startswith("inwonerskracht.") for k in extended - base)
