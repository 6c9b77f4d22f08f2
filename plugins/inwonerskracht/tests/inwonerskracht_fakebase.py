"""A small stand-in for the base methodology (registered as extra plugin 'fakebase') for the add-on's tests."""

from gezinsroute import hookimpl
from gezinsroute.plugin_api import Methodology, Phase


@hookimpl
def register_methodologies():
    return [Methodology(
        key="fakebase", label="Fake base",
        phases=(Phase("start", "Start"), Phase("work", "Work"), Phase("closed", "Closed", closed=True)),
        transitions=(("start", "work"), ("work", "closed"), ("start", "closed")))]
