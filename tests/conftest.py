import pytest

from tests import toy_plugin

TOY = (toy_plugin, "toy")


@pytest.fixture
def events():
    toy_plugin.EVENTS.clear()
    return toy_plugin.EVENTS
