from gezinsroute.testing.conformance import PluginConformance


class TestConformance(PluginConformance):
    plugin = "voorschool_plus"
    requires = ()
