import datetime as dt
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from gezinsroute.plugin_api import families, trajectories  # noqa: E402
from inwonerskracht_helpers import make_worker  # noqa: E402


@pytest.fixture
def config(gz):
    return gz.deployment.plugin_config("inwonerskracht")


@pytest.fixture
def manager(gz):
    return make_worker("gm", "worker")


@pytest.fixture
def trajectory(gz, manager):
    family = families.create_family("Gezin Zeeuw", postcode="4454ab", area="heinkenszand", members=[
        {"role": "parent", "given_name": "Ria", "family_name": "Zeeuw", "has_authority": True,
         "birth_date": dt.date(1984, 3, 1)},
        {"role": "child", "given_name": "Tim", "family_name": "Zeeuw", "birth_date": dt.date(2012, 6, 1)},
    ])
    return trajectories.open_trajectory(family, "fakebase", responsible=manager, started_on=dt.date(2026, 1, 5))
