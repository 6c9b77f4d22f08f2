"""Aggregate reports: inflow, outflow against the baseline, SO inflow from MKD, the mix, transport.

Numbers only, never names; every count under the small-cell limit is suppressed.
``suppress_small=False`` exists for tests and for the core's own callers.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

from flask_babel import lazy_gettext as _l
from gezinsroute.plugin_api import Area, Municipality, Report, ReportTable, clock, suppress
from peewee import fn

from .careline import mix
from .methodology import BASELINE_DESTINATIONS, GROUP_KINDS
from .models import CareLine, Group, Location


def _care_lines_by_area():
    return (CareLine.select().join(Location, on=(CareLine.location == Location.id))
            .join(Area, on=(Location.area == Area.id)).join(Municipality, on=(Area.municipality == Municipality.id)))


def inflow(period, deployment=None, suppress_small: bool = True) -> ReportTable:
    """Children entering the care line per municipality, area and source in the period."""
    query = (_care_lines_by_area()
             .select(Municipality.code, Municipality.name, Area.code, Area.name, CareLine.source,
                     fn.COUNT(CareLine.id))
             .where(CareLine.enrolled_on.between(period.start, period.end))
             .group_by(Municipality.code, Municipality.name, Area.code, Area.name, CareLine.source)
             .order_by(Municipality.code, Area.code, CareLine.source).tuples())
    rows = [[f"{mname} ({mcode})", f"{aname} ({acode})", source, suppress(n, suppress_small)]
            for mcode, mname, acode, aname, source, n in query]
    return ReportTable(columns=["municipality", "area", "source", "children"], rows=rows,
                       title=f"(Voor)school Plus inflow {period}")


def _prorate(yearly: float, period) -> float:
    return round(yearly * ((period.end - period.start).days + 1) / 365.0, 1)


def outflow_against_baseline(period, deployment=None, suppress_small: bool = True) -> ReportTable:
    """Outflow into MKD, KBC and after-school care per area, next to the deployment's yearly baseline
    (pro-rated to the period): the measure of whether the care line keeps children in regular settings."""
    baseline = (deployment.plugin_config("voorschool_plus") if deployment else {}).get("baseline", {})
    counts = {(acode, dest): n for acode, dest, n in (
        _care_lines_by_area().select(Area.code, CareLine.destination, fn.COUNT(CareLine.id))
        .where(CareLine.exited_on.between(period.start, period.end)
               & CareLine.destination.in_(BASELINE_DESTINATIONS))
        .group_by(Area.code, CareLine.destination).tuples())}
    areas = list(Area.select(Area, Municipality).join(Location, on=(Location.area == Area.id))
                 .switch(Area).join(Municipality).order_by(Municipality.code, Area.code))
    rows = []
    for dest in BASELINE_DESTINATIONS:
        per_area = baseline.get(dest, {})
        for area in areas:
            expected = per_area.get(area.code)
            rows.append([f"{area.municipality.name} ({area.municipality.code})", f"{area.name} ({area.code})", dest,
                         suppress(counts.get((area.code, dest), 0), suppress_small),
                         _prorate(expected, period) if expected is not None else "-"])
        total_expected = per_area.get("*", sum(v for k, v in per_area.items() if k != "*") if per_area else None)
        total = sum(n for (_a, d), n in counts.items() if d == dest)
        rows.append(["", "total", dest, suppress(total, suppress_small),
                     _prorate(total_expected, period) if total_expected is not None else "-"])
    return ReportTable(columns=["municipality", "area", "destination", "children", "baseline"], rows=rows,
                       title=f"(Voor)school Plus outflow against baseline {period}",
                       notes=["baseline: yearly number from the deployment, pro-rated to the period"])


def so_inflow_from_mkd(period, deployment=None, suppress_small: bool = True) -> ReportTable:
    """Children who came from the MKD and went on to special education, per year: does it fall?"""
    first = period.start.year - 1
    years = range(first, period.end.year + 1)
    exits = (CareLine.select(CareLine.exited_on)
             .where((CareLine.source == "mkd_outflow") & (CareLine.destination == "so")
                    & CareLine.exited_on.between(dt.date(first, 1, 1), period.end)).tuples())
    counts = Counter(exited_on.year for (exited_on,) in exits)
    rows = []
    for y in years:
        n, before = counts[y], counts[y - 1]
        trend = "" if y == first else "falls" if n < before else "rises" if n > before else "same"
        rows.append([y, suppress(n, suppress_small), trend])
    return ReportTable(columns=["year", "children", "trend"], rows=rows,
                       title=f"Inflow into special education from MKD {period}")


def inclusive_mix(period, deployment=None, suppress_small: bool = True) -> ReportTable:
    """Share of children with extra care needs per group on the last day of the period (or today)."""
    on = min(period.end, clock.today())
    rows = []
    for group in (Group.select(Group, Location).join(Location).where(Group.active)
                  .order_by(Location.name, Group.kind, Group.name)):
        current = mix(group, on)
        small = suppress_small and 0 < current.care < 5
        rows.append([group.location.name, group.name, str(GROUP_KINDS.get(group.kind, group.kind)),
                     suppress(current.care, suppress_small), current.regular,
                     None if small else round(current.share * 100), "yes" if current.too_high else "no"])
    return ReportTable(columns=["location", "group", "kind", "care_children", "regular_children", "care_share_pct",
                                "above_limit"], rows=rows, title=f"Inclusive mix per group on {on.isoformat()}")


def transport_share(period, deployment=None, suppress_small: bool = True) -> ReportTable:
    """Share of children in the care line who are driven to the location (the aim: as few as possible)."""
    uses = fn.SUM(CareLine.uses_transport.cast("integer"))
    query = (_care_lines_by_area().select(Municipality.code, Municipality.name, fn.COUNT(CareLine.id), uses)
             .where((CareLine.enrolled_on <= period.end)
                    & (CareLine.exited_on.is_null() | (CareLine.exited_on >= period.start)))
             .group_by(Municipality.code, Municipality.name).order_by(Municipality.code).tuples())
    rows = []
    for code, name, total, transported in query:
        transported = transported or 0
        hidden = suppress_small and (0 < transported < 5 or total < 5)
        rows.append([f"{name} ({code})", suppress(total, suppress_small), suppress(transported, suppress_small),
                     None if hidden else round(100 * transported / total)])
    return ReportTable(columns=["municipality", "children", "with_transport", "transport_pct"], rows=rows,
                       title=f"(Voor)school Plus transport {period}")


def reports() -> list[Report]:
    return [
        Report("voorschool_plus.inflow", _l("(Voor)school Plus: inflow per area"), run=inflow),
        Report("voorschool_plus.outflow", _l("(Voor)school Plus: inflow into MKD, KBC and after-school care "
                                             "against the baseline"), run=outflow_against_baseline),
        Report("voorschool_plus.so_from_mkd", _l("(Voor)school Plus: inflow into special education from MKD"),
               run=so_inflow_from_mkd),
        Report("voorschool_plus.mix", _l("(Voor)school Plus: inclusive mix per group"), run=inclusive_mix),
        Report("voorschool_plus.transport", _l("(Voor)school Plus: share of children using transport"),
               run=transport_share),
    ]
