"""The core's plugin conformance kit, run against vijfv."""

from gezinsroute.testing.conformance import PluginConformance


class TestVijfvConformance(PluginConformance):
    plugin = "vijfv"
