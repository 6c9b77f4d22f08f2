"""Systeemgericht rows for one chunk of a national-size synthetic load (``gezinsroute demo-data --size``).

Set-based: each statement is one ``INSERT … SELECT`` over the chunk's systeemgericht trajectories
(:class:`gezinsroute.plugin_api.BulkChunk`), so no trajectory passes through Python. It writes:

* ``systeemgericht_measure``: one measure per trajectory (court-ordered ones with the court date);
* a core ``meeting`` of kind ``systeemgericht.ffp_session`` with its ``systeemgericht_ffp_session`` tag:
  the FFP session of the trajectory's stage (engage and motivate, support and monitor, generalize);
* core ``meeting`` rows of kind ``systeemgericht.uitvoerdersoverleg``: the last one or two six-weekly
  overleggen of a trajectory in uitvoering (what the cadence and the on-time report read);
* ``systeemgericht_intervention_evaluation``: one per trajectory past phase 1, about 70% effective;
* ``systeemgericht_escalation_issue``: a kwestie about an intervention that did not work, when it had
  time to be resolved (with outcome and the ladder level it reached);
* ``systeemgericht_significant_event``: for about a third of the trajectories past phase 1.

Left alone: ``systeemgericht_immediate_action`` (answers an acutely unsafe veiligheidstaxatie; the
core's bulk assessments never conclude that) and ``systeemgericht_bodemeis_breach`` (needs an agreed
veiligheidsplan with bodemeisen; the core's bulk plans have no content). Open kwesties and the
re-assessment signals of events are not written either: they need core signals, whose ids the core
hands out up front during the load.
"""

from __future__ import annotations

from gezinsroute.plugin_api import Partner

from . import methodology as M

MEASURES = (("ots",) * 8 + ("voorlopige_ots",) * 2 + ("voogdij",) + ("jeugdreclassering_toezicht",) * 2
            + ("preventief",) * 7)
FFP_SUMMARIES = {"engage_motivate": "Kennismaken en motiveren: wat wil het gezin zelf veranderen?",
                 "support_monitor": "Steunen en volgen: afspraken uit het gezinsplan doorgenomen",
                 "generalize": "Generaliseren: wat werkt, ook na de hulp?"}
DECISIONS = ('["Gezinsbehandeling loopt door"]', '["Netwerkberaad plannen", "School sluit aan bij het overleg"]',
             '["Ouderbegeleiding intensiveren"]', '["Afspraken veiligheidsplan blijven staan"]')
INTERVENTIONS = ("Gezinsbehandeling", "Multisysteemtherapie (MST)", "Ouderbegeleiding", "Traumabehandeling kind",
                 "Schuldhulpverlening", "Praktische thuisondersteuning")
OUTCOMES = ("resolved", "resolved", "alternative_found", "not_resolved")
RESOLUTIONS = ("Andere aanbieder gevonden; behandeling gestart", "Wachtlijst opgelost na overleg met de manager",
               "Aanbod aangepast aan het gezin")
EVENT_KINDS = ("incident", "incident", "placement", "court_hearing", "plan_change")
EVENTS = ("Politie ingeschakeld na ruzie thuis", "Kind tijdelijk bij oma geplaatst", "Zitting kinderrechter",
          "Gezinsplan aangepast na evaluatie")
PAST_PHASE_ONE = ("uitvoering", "borging", "afgesloten")
# salts of chunk.random (inwonerskracht, which extends this methodology, uses 16 and up)
MEASURE, FFP, OVERLEG, INTERVENTION, ISSUE, EVENT = range(1, 7)


def populate(chunk) -> None:
    partners = [p.id for p in Partner.select(Partner.id).where(Partner.active).order_by(Partner.id)]
    measures(chunk)
    ffp_sessions(chunk)
    overleggen(chunk)
    intervention_evaluations(chunk, partners)
    issues(chunk)
    events(chunk)


def _ours(alias: str = "t") -> str:
    return f"{alias}.id BETWEEN %(lo)s AND %(hi)s AND {alias}.methodology = '{M.KEY}'"



def measures(chunk) -> int:
    r = chunk.random("t.id", MEASURE)
    return chunk.execute("systeemgericht_measure", f"""
        INSERT INTO systeemgericht_measure (trajectory_id, created_at, measure_type, court_decision_on, started_on,
                                            ended_on)
        SELECT y.id, {chunk.at_hour("y.started_on", 9)}, y.measure_type,
               CASE WHEN y.measure_type = 'preventief' THEN NULL
                    ELSE {chunk.add_days("y.started_on", "-(3 + y.r %% 18)")} END,
               y.started_on, y.ended_on
        FROM (SELECT t.id, t.started_on, t.ended_on, {r} AS r, {chunk.choice(f"{r} / 5", MEASURES)} AS measure_type
              FROM trajectory t WHERE {_ours()}) y
        ORDER BY y.id""")


def ffp_sessions(chunk) -> int:
    """The FFP session of the trajectory's current stage (engage and motivate in phase 1, support and
    monitor in uitvoering, generalize in borging or after it), as a core meeting with its FFP tag."""
    phase = ("CASE WHEN y.phase = 'veiligheid' OR y.span < 60 THEN 'engage_motivate' "
             "WHEN y.phase = 'uitvoering' THEN 'support_monitor' ELSE 'generalize' END")
    day = ("CASE WHEN y.phase = 'veiligheid' OR y.span < 60 THEN 7 + y.r %% 7 "
           "WHEN y.phase = 'uitvoering' THEN 25 + y.r %% 35 ELSE 60 + y.r %% (y.span - 59) END")
    summary = " ".join(f"WHEN {chunk.literal(key)} THEN {chunk.literal(text)}" for key, text in FFP_SUMMARIES.items())
    chunk.execute("meeting", f"""
        INSERT INTO meeting (family_id, trajectory_id, kind, held_on, summary, decisions, created_by_id)
        SELECT y.family_id, y.id, '{M.FFP_SESSION}', {chunk.add_days("y.started_on", day)},
               CASE {phase} {summary} END, '[]', y.responsible_id
        FROM (SELECT t.id, t.family_id, t.responsible_id, t.started_on, t.phase, {chunk.trajectory_days()} AS span,
                     {chunk.random("t.id", FFP)} AS r
              FROM trajectory t WHERE {_ours()} AND {chunk.trajectory_days()} >= 13) y
        ORDER BY y.id""")
    since = chunk.days_between("t.started_on", "m.held_on")
    return chunk.execute("systeemgericht_ffp_session", f"""
        INSERT INTO systeemgericht_ffp_session (trajectory_id, created_at, meeting_id, ffp_phase)
        SELECT m.trajectory_id, {chunk.at_hour("m.held_on", 9)}, m.id,
               CASE WHEN {since} < 20 THEN 'engage_motivate' WHEN {since} < 60 THEN 'support_monitor'
                    ELSE 'generalize' END
        FROM meeting m JOIN trajectory t ON t.id = m.trajectory_id
        WHERE m.trajectory_id BETWEEN %(lo)s AND %(hi)s AND m.kind = '{M.FFP_SESSION}'
          AND NOT EXISTS (SELECT 1 FROM systeemgericht_ffp_session f WHERE f.meeting_id = m.id)
        ORDER BY m.id""")


def overleggen(chunk) -> int:
    """The last one or two overleggen, six weeks apart, of a trajectory in uitvoering (from three weeks in)."""
    return chunk.execute("meeting", f"""
        INSERT INTO meeting (family_id, trajectory_id, kind, held_on, summary, decisions, created_by_id)
        SELECT y.family_id, y.id, '{M.UITVOERDERSOVERLEG}', {chunk.add_days("y.started_on", "y.day")},
               'Uitvoerdersoverleg met het gezin en alle uitvoerders', {chunk.choice("y.r / 7 + y.n", DECISIONS)},
               y.responsible_id
        FROM (SELECT t.id, t.family_id, t.responsible_id, t.started_on, s.n, {chunk.random("t.id", OVERLEG)} AS r,
                     {chunk.trajectory_days()} - 42 * s.n - {chunk.random("t.id", OVERLEG)} %% 7 AS day
              FROM trajectory t CROSS JOIN {chunk.numbers(2)} s WHERE {_ours()} AND t.phase = 'uitvoering') y
        WHERE y.day >= 21
        ORDER BY y.id, y.n DESC""")


def intervention_evaluations(chunk, partners) -> int:
    """One evaluation per trajectory past phase 1, from three weeks in; about 70% find it effective."""
    evaluated_on = chunk.add_days("y.started_on", "21 + y.r %% (y.span - 20)")
    provider = chunk.choice("y.r / 19", [*partners, None]) if partners else "NULL"
    return chunk.execute("systeemgericht_intervention_evaluation", f"""
        INSERT INTO systeemgericht_intervention_evaluation (trajectory_id, created_at, intervention, provider_id,
                                                            effective, evaluated_on, note)
        SELECT y.id, {chunk.at_hour(evaluated_on, 9)}, {chunk.choice("y.r / 3", INTERVENTIONS)}, {provider},
               (y.r / 5) %% 10 < 7, {evaluated_on}, NULL
        FROM (SELECT t.id, t.started_on, {chunk.trajectory_days()} AS span, {chunk.random("t.id", INTERVENTION)} AS r
              FROM trajectory t
              WHERE {_ours()} AND t.phase IN ({chunk.in_list(PAST_PHASE_ONE)}) AND {chunk.trajectory_days()} > 21) y
        ORDER BY y.id""")


def issues(chunk) -> int:
    """A kwestie about an intervention that does not work, resolved two to six weeks later (when that lies
    in the trajectory's span): the escalations report counts them by the level reached and the outcome."""
    r = chunk.random("e.trajectory_id", ISSUE)
    resolved_on = chunk.add_days("e.evaluated_on", f"14 + {r} %% 29")
    return chunk.execute("systeemgericht_escalation_issue", f"""
        INSERT INTO systeemgericht_escalation_issue (trajectory_id, created_at, reason, description, provider_id,
                                                     signal_id, raised_on, resolved_on, outcome, resolution,
                                                     resolved_at_level)
        SELECT e.trajectory_id, {chunk.at_hour("e.evaluated_on", 10)}, 'failing_provision',
               e.intervention || ' sluit niet aan bij het gezin; wachtlijst voor een alternatief', e.provider_id,
               NULL, e.evaluated_on, {resolved_on}, {chunk.choice(f"{r} / 7", OUTCOMES)},
               {chunk.choice(f"{r} / 11", RESOLUTIONS)}, ({r} / 13) %% 3
        FROM systeemgericht_intervention_evaluation e JOIN trajectory t ON t.id = e.trajectory_id
        WHERE e.trajectory_id BETWEEN %(lo)s AND %(hi)s AND NOT e.effective
          AND {resolved_on} <= COALESCE(t.ended_on, %(today)s)
        ORDER BY e.id""")


def events(chunk) -> int:
    r = chunk.random("t.id", EVENT)
    return chunk.execute("systeemgericht_significant_event", f"""
        INSERT INTO systeemgericht_significant_event (trajectory_id, created_at, kind, occurred_on, description,
                                                      signal_id)
        SELECT y.id, {chunk.at_hour("y.occurred_on", 9)}, {chunk.choice("y.r / 3", EVENT_KINDS)}, y.occurred_on,
               {chunk.choice("y.r / 17", EVENTS)}, NULL
        FROM (SELECT t.id, {r} AS r, {chunk.add_days("t.started_on", f"21 + {r} %% ({chunk.trajectory_days()} - 20)")}
                         AS occurred_on
              FROM trajectory t
              WHERE {_ours()} AND t.phase IN ({chunk.in_list(PAST_PHASE_ONE)}) AND {chunk.trajectory_days()} > 21
                AND {r} %% 3 = 0) y
        ORDER BY y.id""")
