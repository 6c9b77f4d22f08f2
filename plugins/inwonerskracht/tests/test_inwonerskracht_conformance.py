from gezinsroute.testing.conformance import PluginConformance


class TestConformance(PluginConformance):
    plugin = "inwonerskracht"
    requires = ("systeemgericht",)  # an add-on boots together with the methodology it extends
