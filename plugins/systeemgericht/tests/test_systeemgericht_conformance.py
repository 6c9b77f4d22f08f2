from gezinsroute.testing.conformance import PluginConformance


class TestConformance(PluginConformance):
    plugin = "systeemgericht"
