"""The API's own table: migration 0004 brings a database to the ApiToken model."""

import pytest
from gezinsroute.api import API_MODELS
from gezinsroute.models import CORE_MODELS
from playhouse.schema_diff import diff_models

from tests.conftest import TOY

pytestmark = [pytest.mark.gezinsroute_plugins("toy"), pytest.mark.gezinsroute_extra_plugins(TOY)]


def test_migration_matches_api_models(gz):
    assert [m._meta.table_name for m in API_MODELS] == ["api_token"]
    assert not {m._meta.table_name for m in API_MODELS} & {m._meta.table_name for m in CORE_MODELS}
    assert not diff_models(gz.database, API_MODELS)
