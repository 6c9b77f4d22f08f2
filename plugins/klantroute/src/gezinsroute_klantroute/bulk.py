"""Klantroute rows for one chunk of a national-size synthetic load (``gezinsroute demo-data --size``).

Set-based: every statement is one ``INSERT … SELECT`` over the chunk's klantroute trajectories
(:class:`gezinsroute.plugin_api.BulkChunk`), so no trajectory passes through Python. What it writes:

* ``klantroute_question``: the question of every route, at one of the configured entry points (with
  a partner of that kind when the deployment has one), most with a first answer within two weeks;
* ``klantroute_network_person``: someone of the family's own network;
* ``klantroute_step_move``: one per move of the core's phase history (linked to its phase change,
  afschaling marked), so the route's steps and the core agree;
* ``klantroute_step_exploration``: for a route that moved to maatwerk, every lighter step explored
  with the reason it was not enough (what the maatwerk gate asks);
* steungezinnen: one new ``klantroute_support_family`` per ten routes (so they grow with the load);
  a ``klantroute_support_request`` for a fifth of the routes, with its ``klantroute_support_match``
  in the stage its age allows (proposed, declined, trial, active, ended with the route), the two
  ``klantroute_coordinator_visit`` rows before the introduction and the half-year
  ``klantroute_match_evaluation``;
* ``klantroute_jim``: a JIM for a quarter of the routes with a child of twelve or older (agreed by
  a parent, chosen by the youth), with one or two ``klantroute_jim_evaluation`` rows.

Not written: the core involvements of a steungezin, a JIM or a partner (``involvement`` stays empty
on matches and JIMs): the core hands out involvement ids up front during the load.
"""

from __future__ import annotations

from gezinsroute.plugin_api import Partner

from .config import CLOSED_STEP, settings
from .demo import PARTNER_KIND, QUESTIONS
from .methodology import METHODOLOGY

FIRST = ("Anna", "Bram", "Carla", "Daan", "Els", "Fatima", "Gerrit", "Hanna", "Jan", "Kees", "Lies", "Marco",
         "Nel", "Piet", "Rinus", "Sanne", "Truus", "Wim")
LAST = ("de Vries", "Jansen", "Bakker", "Visser", "Smit", "Meijer", "de Boer", "Mulder", "de Groot", "Bos", "Vos",
        "Peters", "Hendriks", "van Leeuwen", "Dekker", "Brouwer", "de Wit", "Dijkstra")
RELATIONS = ("oma", "opa", "buurvrouw", "tante", "oom", "vriendin van moeder", "buurman")
CAN_DO = ("haalt de kinderen twee keer per week uit school", "past op als moeder naar haar werk moet",
          "helpt met de administratie", "kookt op woensdag mee", None)
JIM_RELATIONS = ("buurvrouw", "oom", "tante", "trainer van de voetbal", "buurman", "oud-leerkracht", "nicht")
JIM_NOTES = ("loopt goed", "JIM en jongere zien elkaar wekelijks", "jongere wil de JIM houden", None)
SUPPORT = ("een vaste middag per week voor de jongste", "iemand die helpt met dagritme en huiswerk",
           "een weekend per maand logeren")
MATTERS = ("rust en regelmaat", "dat de kinderen ergens welkom zijn", "een warm tweede thuis")
OFFER = ("helpen in de moestuin van de buurt", "samen koken", "klusjes in huis van het steungezin")
HOUSEHOLDS = ("twee ouders, twee kinderen", "ouder met drie kinderen", "echtpaar, kinderen het huis uit")
COMPETENCES = ("gastvrij, ervaring met jonge kinderen", "rustig, sportief", "creatief, veel geduld")
AVAILABILITY = ("woensdagmiddag", "zaterdag", "één weekend per maand", "donderdagavond")
FREQUENCY = ("elke woensdagmiddag", "eens per twee weken", "een weekend per maand")
ACTIVITIES = ("spelen, samen eten", "huiswerk en buitenspelen", "logeren en uitstapjes")
# salts of chunk.random
QUESTION, NETWORK, SUPPORT_FAMILY, REQUEST, MATCH, JIM, JIM_EVALUATION = range(1, 8)


def populate(chunk) -> None:
    config = settings()
    questions(chunk, config)
    network_people(chunk)
    step_moves(chunk, config)
    explorations(chunk, config)
    support_families = new_support_families(chunk)
    if support_families:
        support_requests(chunk)
        matches = support_matches(chunk, config, support_families)
        if matches:
            coordinator_visits(chunk, matches)
            match_evaluations(chunk, matches)
    jims(chunk)
    jim_evaluations(chunk)


def _ours(alias: str = "t") -> str:
    return f"{alias}.id BETWEEN %(lo)s AND %(hi)s AND {alias}.methodology = '{METHODOLOGY}'"


def _is_ours(alias: str) -> str:
    """A row of a core table (``alias``) that belongs to one of the chunk's routes (by primary key)."""
    return f"(SELECT t0.methodology FROM trajectory t0 WHERE t0.id = {alias}.trajectory_id) = '{METHODOLOGY}'"



def questions(chunk, config) -> int:
    entry_points = list(config["entry_points"])
    partners = {}
    for entry_point in entry_points:
        kind = PARTNER_KIND.get(entry_point, entry_point)
        found = Partner.select(Partner.id).where(Partner.active & (Partner.kind == kind)).order_by(Partner.id).first()
        if found is not None:
            partners[entry_point] = found.id
    partner = ("CASE y.entry_point " + " ".join(f"WHEN {chunk.literal(k)} THEN {v}" for k, v in partners.items())
               + " END") if partners else "NULL"
    answered = "y.answer_day <= y.span AND (y.r / 7) %% 6 <> 5"
    return chunk.execute("klantroute_question", f"""
        INSERT INTO klantroute_question (trajectory_id, family_id, entry_point, entry_partner_id, question_text,
                                         received_on, first_answer_on, first_answer_note, owner_organisation,
                                         created_at)
        SELECT y.id, y.family_id, y.entry_point, {partner}, {chunk.choice("y.r / 11", QUESTIONS)}, y.started_on,
               CASE WHEN {answered} THEN {chunk.add_days("y.started_on", "y.answer_day")} END,
               CASE WHEN {answered} THEN 'Eerste gesprek met ouders gevoerd' END,
               (SELECT w.organisation FROM worker w WHERE w.id = y.responsible_id), y.created_at
        FROM (SELECT t.id, t.family_id, t.started_on, t.responsible_id, t.created_at, {chunk.trajectory_days()} AS span,
                     {chunk.random("t.id", QUESTION)} AS r,
                     {chunk.choice(chunk.random("t.id", QUESTION), entry_points)} AS entry_point,
                     1 + ({chunk.random("t.id", QUESTION)} / 3) %% 15 AS answer_day
              FROM trajectory t WHERE {_ours()}) y
        ORDER BY y.id""")


def network_people(chunk) -> int:
    """Someone of the family's own network, noted in the first month of the route."""
    day = "(y.r / 11) %% (CASE WHEN y.span < 30 THEN y.span + 1 ELSE 30 END)"
    return chunk.execute("klantroute_network_person", f"""
        INSERT INTO klantroute_network_person (family_id, trajectory_id, name, relation, can_do, recorded_on)
        SELECT y.family_id, y.id, {chunk.choice("y.r / 3", FIRST)}, {chunk.choice("y.r / 5", RELATIONS)},
               {chunk.choice("y.r / 7", CAN_DO)}, {chunk.add_days("y.started_on", day)}
        FROM (SELECT t.id, t.family_id, t.started_on, {chunk.trajectory_days()} AS span,
                     {chunk.random("t.id", NETWORK)} AS r
              FROM trajectory t WHERE {_ours()}) y
        ORDER BY y.id""")


def _step_index(chunk, column: str, steps) -> str:
    whens = " ".join(f"WHEN {chunk.literal(step)} THEN {i}" for i, step in enumerate(steps))
    return f"CASE {column} {whens} END"


def step_moves(chunk, config) -> int:
    steps = list(config["steps"])
    lighter = (f"COALESCE({_step_index(chunk, 'pc.to_phase', steps)} < "
               f"{_step_index(chunk, 'pc.from_phase', steps)}, FALSE)")
    reason = (f"CASE pc.to_phase WHEN '{CLOSED_STEP}' THEN 'vraag beantwoord' "
              f"WHEN {chunk.literal(config['maatwerk_step'])} THEN 'arrangement via het SWV' "
              f"ELSE 'netwerk inzetten' END")
    return chunk.execute("klantroute_step_move", f"""
        INSERT INTO klantroute_step_move (trajectory_id, phase_change_id, from_step, to_step, afschaling, reason,
                                          moved_on, worker_id)
        SELECT pc.trajectory_id, pc.id, pc.from_phase, pc.to_phase, {lighter}, {reason},
               {chunk.date_of("pc.changed_at")}, pc.worker_id
        FROM phase_change pc
        WHERE pc.id BETWEEN %(phase_change_lo)s AND %(phase_change_hi)s
          AND pc.trajectory_id BETWEEN %(lo)s AND %(hi)s AND pc.from_phase IS NOT NULL AND {_is_ours("pc")}
          AND NOT EXISTS (SELECT 1 FROM klantroute_step_move sm WHERE sm.phase_change_id = pc.id)
        ORDER BY pc.id""")


def explorations(chunk, config) -> int:
    """Every lighter step explored, with why it was not enough, before a route moved to maatwerk."""
    steps = list(config["steps"])
    maatwerk = config["maatwerk_step"]
    lighter = steps[:steps.index(maatwerk)] if maatwerk in steps else []
    if not lighter:
        return 0
    return chunk.execute("klantroute_step_exploration", f"""
        INSERT INTO klantroute_step_exploration (trajectory_id, step, explored, outcome, reason_not_enough,
                                                 recorded_on, recorded_by_id)
        SELECT y.trajectory_id, {chunk.choice("s.n", lighter)}, TRUE, 'geprobeerd',
               'de zorg is te complex voor deze stap',
               (SELECT t.started_on FROM trajectory t WHERE t.id = y.trajectory_id),
               (SELECT t.responsible_id FROM trajectory t WHERE t.id = y.trajectory_id)
        FROM (SELECT pc.trajectory_id FROM phase_change pc
              WHERE pc.id BETWEEN %(phase_change_lo)s AND %(phase_change_hi)s
                AND pc.trajectory_id BETWEEN %(lo)s AND %(hi)s AND pc.to_phase = {chunk.literal(maatwerk)}
                AND {_is_ours("pc")}) y
        CROSS JOIN {chunk.numbers(len(lighter))} s
        ORDER BY y.trajectory_id, s.n""")


def new_support_families(chunk) -> int:
    """One steungezin per ten routes, in the area of such a family, registered and screened (VOG) long before."""
    r = chunk.random("t.id", SUPPORT_FAMILY)
    registered = chunk.add_days("%(today)s", f"-(1150 + {r} %% 60)")
    return chunk.execute("klantroute_support_family", f"""
        INSERT INTO klantroute_support_family (name, area_id, household, competences, availability, vog_on, active,
                                               registered_on)
        SELECT 'Steungezin ' || {chunk.choice(f"{r} / 3", LAST)},
               (SELECT f.area_id FROM family f WHERE f.id = t.family_id), {chunk.choice(f"{r} / 7", HOUSEHOLDS)},
               {chunk.choice(f"{r} / 11", COMPETENCES)}, {chunk.choice(f"{r} / 13", AVAILABILITY)},
               {chunk.add_days(registered, "10")}, TRUE, {registered}
        FROM trajectory t
        WHERE {_ours()} AND ({r} / 17) %% 10 = 0
        ORDER BY t.id""")


def support_requests(chunk) -> int:
    r = chunk.random("t.id", REQUEST)
    return chunk.execute("klantroute_support_request", f"""
        INSERT INTO klantroute_support_request (trajectory_id, family_id, support_needed, what_matters, expectations,
                                                can_offer, availability, intake_on)
        SELECT t.id, t.family_id, {chunk.choice(f"{r} / 3", SUPPORT)}, {chunk.choice(f"{r} / 7", MATTERS)},
               'een warm tweede thuis', {chunk.choice(f"{r} / 11", OFFER)}, {chunk.choice(f"{r} / 13", AVAILABILITY)},
               {chunk.add_days("t.started_on", "5")}
        FROM trajectory t
        WHERE {_ours()} AND {r} %% 5 = 0 AND {chunk.trajectory_days()} >= 5
        ORDER BY t.id""")


def support_matches(chunk, config, support_families: int) -> int:
    """Each request matched with one of this chunk's steungezinnen, in the stage its age allows."""
    weeks = int(config["trial_weeks"])
    r = chunk.random("sr.trajectory_id", MATCH)

    def day(days: int) -> str:
        return chunk.add_days("y.intake_on", str(days))

    return chunk.execute("klantroute_support_match", f"""
        INSERT INTO klantroute_support_match (request_id, support_family_id, status, proposed_on, introduction_on,
                                              asking_family_go, support_family_go, trial_start, trial_end,
                                              agreement_on, agreement_frequency, agreement_activities,
                                              house_rules_accepted, involvement_id, ended_on, end_reason)
        SELECT y.request_id, y.support_family_id,
               CASE WHEN y.stage IN ('trial', 'active') AND y.ended_on IS NOT NULL THEN 'ended' ELSE y.stage END,
               y.intake_on,
               CASE WHEN y.stage <> 'proposed' THEN {day(10)} END,
               CASE y.stage WHEN 'proposed' THEN NULL WHEN 'declined' THEN FALSE ELSE TRUE END,
               CASE y.stage WHEN 'proposed' THEN NULL ELSE TRUE END,
               CASE WHEN y.stage IN ('trial', 'active') THEN {day(10)} END,
               CASE WHEN y.stage IN ('trial', 'active') THEN {day(10 + 7 * weeks)} END,
               CASE WHEN y.stage = 'active' THEN {day(60)} END,
               CASE WHEN y.stage = 'active' THEN {chunk.choice("y.r / 3", FREQUENCY)} END,
               CASE WHEN y.stage = 'active' THEN {chunk.choice("y.r / 7", ACTIVITIES)} END,
               y.stage = 'active', NULL,
               CASE WHEN y.stage = 'declined' THEN {day(10)}
                    WHEN y.stage IN ('trial', 'active') THEN y.ended_on END,
               CASE WHEN y.stage = 'declined' THEN 'no-go at the introduction'
                    WHEN y.stage IN ('trial', 'active') AND y.ended_on IS NOT NULL THEN 'route afgerond' END
        FROM (SELECT sr.id AS request_id, sr.intake_on, t.ended_on, {r} AS r,
                     (SELECT MAX(sf.id) FROM klantroute_support_family sf)
                         - {r} %% %(support_families)s AS support_family_id,
                     CASE WHEN {chunk.days_between("sr.intake_on", "COALESCE(t.ended_on, %(today)s)")} < 10
                          THEN 'proposed'
                          WHEN ({r} / 11) %% 10 = 0 THEN 'declined'
                          WHEN {chunk.days_between("sr.intake_on", "COALESCE(t.ended_on, %(today)s)")} < 60
                          THEN 'trial' ELSE 'active' END AS stage
              FROM klantroute_support_request sr JOIN trajectory t ON t.id = sr.trajectory_id
              WHERE sr.trajectory_id BETWEEN %(lo)s AND %(hi)s) y
        ORDER BY y.request_id""", {"support_families": support_families})


def _chunk_matches(more: str = "") -> str:
    """The chunk's steungezin matches (``m``: the newest ``%(matches)s`` rows) with their request (``sr``)
    and route (``t``), and ``more``."""
    return ("klantroute_support_match m JOIN klantroute_support_request sr ON sr.id = m.request_id "
            f"JOIN trajectory t ON t.id = sr.trajectory_id {more} "
            "WHERE m.id > (SELECT MAX(m0.id) FROM klantroute_support_match m0) - %(matches)s")


def coordinator_visits(chunk, matches: int) -> int:
    """A visit to each family (asking, then support) before the introduction."""
    visited_on = chunk.add_days("m.proposed_on", "CASE s.n WHEN 0 THEN 3 ELSE 5 END")
    return chunk.execute("klantroute_coordinator_visit", f"""
        INSERT INTO klantroute_coordinator_visit (match_id, visited, visited_on, coordinator_id, notes)
        SELECT m.id, CASE s.n WHEN 0 THEN 'asking' ELSE 'support' END, {visited_on}, NULL, NULL
        FROM {_chunk_matches(f"CROSS JOIN {chunk.numbers(2)} s")}
          AND {visited_on} <= COALESCE(t.ended_on, %(today)s)
        ORDER BY m.id, s.n""", {"matches": matches})


def match_evaluations(chunk, matches: int) -> int:
    """The half-year evaluation of a match with a written agreement."""
    held_on = chunk.add_days("m.agreement_on", "183")
    return chunk.execute("klantroute_match_evaluation", f"""
        INSERT INTO klantroute_match_evaluation (match_id, held_on, asking_family_satisfied, support_family_satisfied,
                                                 continue_match, notes)
        SELECT m.id, {held_on}, TRUE, {chunk.random("sr.trajectory_id", MATCH)} %% 8 <> 0, TRUE,
               'beide gezinnen tevreden'
        FROM {_chunk_matches()}
          AND m.agreement_on IS NOT NULL AND {held_on} <= COALESCE(m.ended_on, %(today)s)
        ORDER BY m.id""", {"matches": matches})


def jims(chunk) -> int:
    """A JIM for a quarter of the routes with a youth of twelve or older, asked a week into the route
    and agreed by a parent.

    The routes and the chunk's youths and parents go through one stream in which a window per family
    picks the youth and the parent: no join between two sets without an index, so no plan can go
    quadratic on tables whose statistics lag behind the load. A youth is fifteen or older today, so
    twelve or older at any start of the load (at most three years back)."""
    r = chunk.random("t.id", JIM)
    youth = f"m.role = 'child' AND m.birth_date <= {chunk.add_days('%(today)s', '-5479')}"
    born = chunk.add_days("%(today)s", "-(9131 + (w.r / 13) %% 12000)")
    return chunk.execute("klantroute_jim", f"""
        INSERT INTO klantroute_jim (family_id, youth_id, trajectory_id, name, relation, birth_date, chosen_by_id,
                                    asked_on, parental_agreement_by_id, parental_agreement_on, jim_consent_on,
                                    involvement_id, ended_on)
        SELECT w.family_id, w.youth_id, w.id,
               {chunk.choice("w.r / 3", FIRST)} || ' ' || {chunk.choice("w.r / 7", LAST)},
               {chunk.choice("w.r / 11", JIM_RELATIONS)}, {born}, w.youth_id, w.asked_on, w.parent_id, w.asked_on,
               w.asked_on, NULL, NULL
        FROM (SELECT u.*, MAX(u.youth) OVER (PARTITION BY u.family_id) AS youth_id,
                     MIN(u.parent) OVER (PARTITION BY u.family_id) AS parent_id
              FROM (SELECT 0 AS kind, t.id, t.family_id, {chunk.add_days("t.started_on", "7")} AS asked_on,
                           {r} AS r, NULL AS youth, NULL AS parent
                    FROM trajectory t WHERE {_ours()} AND {r} %% 4 = 2 AND {chunk.trajectory_days()} >= 7
                    UNION ALL
                    SELECT 1, m.id, m.family_id, NULL, NULL, CASE WHEN {youth} THEN m.id END,
                           CASE WHEN m.role = 'parent' THEN m.id END
                    FROM member m WHERE m.id BETWEEN %(member_lo)s AND %(member_hi)s
                      AND (m.role = 'parent' OR {youth})) u) w
        WHERE w.kind = 0 AND w.youth_id IS NOT NULL AND w.parent_id IS NOT NULL
        ORDER BY w.id""")


def jim_evaluations(chunk) -> int:
    """Every two months: the first one or two evaluations of the chunk's JIMs."""
    held_on = chunk.add_days("j.asked_on", "61 * (s.n + 1)")
    return chunk.execute("klantroute_jim_evaluation", f"""
        INSERT INTO klantroute_jim_evaluation (jim_id, held_on, notes)
        SELECT j.id, {held_on}, {chunk.choice(chunk.random("j.trajectory_id", JIM_EVALUATION) + " + s.n", JIM_NOTES)}
        FROM klantroute_jim j CROSS JOIN {chunk.numbers(2)} s
        WHERE j.trajectory_id BETWEEN %(lo)s AND %(hi)s AND {held_on} <= COALESCE(j.ended_on, %(today)s)
        ORDER BY j.id, s.n""")
