"""Inwonerskracht rows for one chunk of a national-size synthetic load (``gezinsroute demo-data --size``).

The add-on opens no trajectories: it attaches to the chunk's trajectories of the methodologies in
``[plugins.inwonerskracht] extends`` (systeemgericht by default), like the demo does. About half of
them take part (a help question). Set-based: every statement is one ``INSERT … SELECT`` over those
trajectories (:class:`gezinsroute.plugin_api.BulkChunk`). What it writes, per participating trajectory:

* ``inwonerskracht_help_question``: one, a second for a quarter of them;
* ``inwonerskracht_volunteer``: one new volunteer of the volunteer centre per three participating
  trajectories (with a VOG and an intake before their matches), so volunteers grow with the load;
* ``inwonerskracht_match``: about 70% of the questions that involve volunteers, approved by the
  gezinsmanager (the trajectory's responsible worker), started after the volunteer's intake;
* ``inwonerskracht_match_note``: one or two notes with hours per match (the second by the gezinsmanager);
* ``inwonerskracht_network_measurement``: at the start, and a later one;
* ``inwonerskracht_nuisance_report``: one or two in the year before the start, for a third one after;
* ``inwonerskracht_case_discussion``: two thirds are discussed (under a pseudonym) at the first
  casuïstiekbijeenkomst after their question; the deployment-wide core ``meeting`` rows of kind
  ``inwonerskracht.casuistiek`` (every ``casuistiek_every_days`` over the last three years) are
  written once, in the first chunk.

Left alone: the volunteer's and the schaduwwerker's core involvements (``Match.involvement`` stays
empty) and reflection meetings, safety concerns (core signals) and consents: the core hands out
involvement and signal ids up front during the load, so a plugin cannot add such rows.
"""

from __future__ import annotations

from gezinsroute_inwonerskracht import rules
from gezinsroute_inwonerskracht.config import settings
from gezinsroute_inwonerskracht.demo import QUESTIONS
from gezinsroute_inwonerskracht.methodology import CASUISTIEK

FIRST = ("Anna", "Bram", "Carla", "Daan", "Eva", "Fatima", "Gert", "Hanneke", "Ibrahim", "Joke", "Kees", "Lotte",
         "Mehmet", "Noor", "Olga", "Pieter", "Ria", "Sander", "Tineke", "Yusuf")
LAST = ("de Vries", "Jansen", "Bakker", "Visser", "Smit", "Meijer", "de Boer", "Mulder", "de Groot", "Bos", "Vos",
        "Peters", "Hendriks", "van Leeuwen", "Dekker", "Brouwer", "de Wit", "Dijkstra", "Smits", "de Graaf")
PROFILES = ("Gepensioneerd leraar, geduldig en praktisch", "Student pedagogiek, sportief",
            "Moeder van drie, woont in de wijk", "Handig in huis en tuin", "Houdt van koken en samen eten")
AVAILABILITY = ("doordeweeks 's avonds", "woensdagmiddag", "weekend", "dinsdag- en donderdagochtend")
TRAINING = ("Basistraining VrijwilligersHuis", "Training omgaan met jeugd", None)
NOTES = ("Samen boodschappen gedaan; moeder was opgewekt.", "Huiswerk gemaakt met de oudste, ging goed.",
         "Schuur opgeruimd, vader hielp mee.", "Koffie gedronken en bijgepraat over de week.",
         "Samen naar de voetbaltraining geweest.")
HOURS = (1, 1.5, 2, 3)
DISCUSSIONS = ("Voortgang hulpvragen besproken", "Inzet vrijwilliger geëvalueerd",
               "Netwerk van het gezin in kaart gebracht")
DILEMMAS = ("Hoeveel tijd vraagt het gezin van de vrijwilliger?", "Wat deelt de vrijwilliger met de gezinsmanager?",
            None)
DECISIONS = ("Vrijwilliger blijft betrokken; evaluatie over zes weken", "Tweede vrijwilliger zoeken voor de tuin",
             "Gezinsmanager belt de vrijwilliger deze week")
# salts of chunk.random: above the ones the extended methodologies' plugins use
PART, QUESTION, SECOND, VOLUNTEER, MATCH, NOTE, NETWORK, NUISANCE, DISCUSS = range(16, 25)


def populate(chunk) -> None:
    config = settings()
    extends = list(config["extends"])
    if not extends:
        return
    if chunk.index == 0:
        casuistiek_meetings(chunk, config)
    help_questions(chunk, config, extends)
    network_measurements(chunk, extends)
    nuisance_reports(chunk, config, extends)
    centre = rules.centre_partner(config)
    if centre is not None:
        volunteers = new_volunteers(chunk, config, extends, centre.id)
        if volunteers:
            matches(chunk, volunteers)
            match_notes(chunk)
    case_discussions(chunk)


def _participating(chunk, extends, alias: str = "t") -> str:
    """The chunk's trajectories of the extended methodologies that take part (about half)."""
    return (f"{alias}.id BETWEEN %(lo)s AND %(hi)s AND {alias}.methodology IN ({chunk.in_list(extends)}) "
            f"AND {chunk.random(alias + '.id', PART)} %% 2 = 0")



def help_questions(chunk, config, extends) -> int:
    kinds = list(config["help_question_kinds"])
    questions = [q for q in QUESTIONS if q[0] in kinds]
    questions += [(kind, "short", "Hulp bij " + kind.replace("_", " ")) for kind in kinds
                  if kind not in {q[0] for q in questions}]
    pick = "y.r / 3"
    day = ("CASE y.n WHEN 0 THEN y.r %% (CASE WHEN y.span < 14 THEN y.span + 1 ELSE 14 END) "
           "ELSE 14 + y.r %% (y.span - 13) END")
    return chunk.execute("inwonerskracht_help_question", f"""
        INSERT INTO inwonerskracht_help_question (trajectory_id, family_id, question, kind, horizon,
                                                  involve_volunteers, formulated_on, status, created_by_id)
        SELECT y.id, y.family_id, {chunk.choice(pick, [q[2] for q in questions])},
               {chunk.choice(pick, [q[0] for q in questions])}, {chunk.choice(pick, [q[1] for q in questions])},
               (y.r / 7) %% 20 < 17, {chunk.add_days("y.started_on", day)},
               CASE WHEN y.ended_on IS NULL THEN 'open' ELSE 'answered' END, y.responsible_id
        FROM (SELECT t.id, t.family_id, t.started_on, t.ended_on, t.responsible_id, s.n,
                     {chunk.trajectory_days()} AS span,
                     CASE s.n WHEN 0 THEN {chunk.random("t.id", QUESTION)} ELSE {chunk.random("t.id", SECOND)} END
                         AS r
              FROM trajectory t CROSS JOIN {chunk.numbers(2)} s WHERE {_participating(chunk, extends)}) y
        WHERE y.n = 0 OR (y.span > 14 AND (y.r / 11) %% 4 = 0)
        ORDER BY y.id, y.n""")


def network_measurements(chunk, extends) -> int:
    return chunk.execute("inwonerskracht_network_measurement", f"""
        INSERT INTO inwonerskracht_network_measurement (family_id, trajectory_id, measured_on, size, note,
                                                        recorded_by_id)
        SELECT y.family_id, y.id,
               CASE y.n WHEN 0 THEN y.started_on ELSE {chunk.add_days("y.started_on", "30 + y.r %% (y.span - 29)")}
               END,
               CASE y.n WHEN 0 THEN 1 + y.r %% 3 ELSE 2 + (y.r / 3) %% 6 END, NULL, y.responsible_id
        FROM (SELECT t.id, t.family_id, t.started_on, t.responsible_id, s.n, {chunk.trajectory_days()} AS span,
                     {chunk.random("t.id", NETWORK)} AS r
              FROM trajectory t CROSS JOIN {chunk.numbers(2)} s WHERE {_participating(chunk, extends)}) y
        WHERE y.n = 0 OR y.span > 30
        ORDER BY y.id, y.n""")


def nuisance_reports(chunk, config, extends) -> int:
    """One or two reports in the year before the start; for a third of the families one after it."""
    days = ("CASE WHEN y.n < 2 THEN -(20 + (y.r / (1 + y.n * 5)) %% 340) "
            "ELSE 30 + y.r %% (CASE WHEN y.span > 30 THEN y.span - 29 ELSE 1 END) END")
    source = chunk.choice("y.r / 7 + y.n", config["nuisance_sources"])
    return chunk.execute("inwonerskracht_nuisance_report", f"""
        INSERT INTO inwonerskracht_nuisance_report (family_id, reported_on, source, note, recorded_by_id)
        SELECT y.family_id, {chunk.add_days("y.started_on", days)}, {source}, NULL, y.responsible_id
        FROM (SELECT t.id, t.family_id, t.started_on, t.responsible_id, s.n, {chunk.trajectory_days()} AS span,
                     {chunk.random("t.id", NUISANCE)} AS r
              FROM trajectory t CROSS JOIN {chunk.numbers(3)} s WHERE {_participating(chunk, extends)}) y
        WHERE y.n = 0 OR (y.n = 1 AND y.r %% 2 = 0) OR (y.n = 2 AND y.span > 30 AND (y.r / 13) %% 3 = 0)
        ORDER BY y.id, y.n""")


def new_volunteers(chunk, config, extends, centre_id: int) -> int:
    """One volunteer per three participating trajectories; VOG and intake before any match they get."""
    window = max(40, min(900, config["vog_valid_months"] * 30 - 40))  # the VOG stays valid until today
    r = chunk.random("t.id", VOLUNTEER)
    vog = chunk.add_days("%(today)s", f"-({window} - {r} %% 30)")
    return chunk.execute("inwonerskracht_volunteer", f"""
        INSERT INTO inwonerskracht_volunteer (partner_id, worker_id, display_name, profile, availability, training,
                                              vog_date, intake_date, active, created_at)
        SELECT %(centre)s, NULL, {chunk.choice(f"{r} / 3", FIRST)} || ' ' || {chunk.choice(f"{r} / 61", LAST)},
               {chunk.choice(f"{r} / 7", PROFILES)}, {chunk.choice(f"{r} / 11", AVAILABILITY)},
               {chunk.choice(f"{r} / 13", TRAINING)}, {vog}, {chunk.add_days(vog, "7")}, TRUE, {vog}
        FROM trajectory t WHERE {_participating(chunk, extends)} AND ({r} / 17) %% 3 = 0
        ORDER BY t.id""", {"centre": centre_id})


def matches(chunk, volunteers: int) -> int:
    """Matches with this chunk's volunteers (the newest ``volunteers`` rows; one per family), approved by the
    gezinsmanager, after the question and after the volunteer's intake."""
    r = chunk.random("hq.trajectory_id", MATCH)
    base = chunk.add_days("z.formulated_on", "7 + (z.r / 3) %% 21")
    intake = "(SELECT v.intake_date FROM inwonerskracht_volunteer v WHERE v.id = z.volunteer_id)"
    return chunk.execute("inwonerskracht_match", f"""
        INSERT INTO inwonerskracht_match (help_question_id, volunteer_id, trajectory_id, family_id, tasks,
                                          approved_by_id, started_on, ended_on, involvement_id)
        SELECT y.help_question_id, y.volunteer_id, y.trajectory_id, y.family_id, y.tasks, y.approved_by_id,
               y.started_on, y.ended_on, NULL
        FROM (SELECT z.help_question_id, z.volunteer_id, z.trajectory_id, z.family_id, z.tasks, z.approved_by_id,
                     z.ended_on, COALESCE(z.ended_on, %(today)s) AS until,
                     CASE WHEN {base} < {intake} THEN {intake} ELSE {base} END AS started_on
              FROM (SELECT hq.id AS help_question_id, hq.trajectory_id, hq.family_id, hq.question AS tasks,
                           hq.formulated_on, t.responsible_id AS approved_by_id, t.ended_on, {r} AS r,
                           (SELECT MAX(v2.id) FROM inwonerskracht_volunteer v2)
                               - {r} %% %(volunteers)s AS volunteer_id
                    FROM inwonerskracht_help_question hq JOIN trajectory t ON t.id = hq.trajectory_id
                    WHERE hq.trajectory_id BETWEEN %(lo)s AND %(hi)s AND hq.involve_volunteers
                      AND t.responsible_id IS NOT NULL AND ({r} / 7) %% 10 < 7) z) y
        WHERE y.started_on <= y.until
        ORDER BY y.help_question_id""", {"volunteers": volunteers})


def match_notes(chunk) -> int:
    span = chunk.days_between("m.started_on", "COALESCE(m.ended_on, %(today)s)")
    return chunk.execute("inwonerskracht_match_note", f"""
        INSERT INTO inwonerskracht_match_note (match_id, written_by_id, occurred_on, hours, note, safety_concern)
        SELECT y.id, CASE WHEN y.n = 1 THEN y.approved_by_id END,
               {chunk.add_days("y.started_on", "(y.r / (1 + y.n)) %% (y.span + 1)")},
               CAST({chunk.choice("y.r / 5 + y.n", HOURS)} AS DECIMAL(5, 2)),
               {chunk.choice("y.r / 7 + y.n", NOTES)}, FALSE
        FROM (SELECT m.id, m.started_on, m.approved_by_id, s.n, {span} AS span,
                     {chunk.random("m.trajectory_id", NOTE)} AS r
              FROM inwonerskracht_match m CROSS JOIN {chunk.numbers(2)} s
              WHERE m.trajectory_id BETWEEN %(lo)s AND %(hi)s) y
        WHERE y.n = 0 OR y.r %% 2 = 0
        ORDER BY y.id, y.n""")


def casuistiek_meetings(chunk, config) -> int:
    """The deployment-wide casuïstiekbijeenkomst, every ``casuistiek_every_days``, over the last three years."""
    every = config["casuistiek_every_days"]
    count = 1100 // every + 1
    held_on = chunk.add_days("%(today)s", f"-(3 + {every} * s.n)")
    return chunk.execute("meeting", f"""
        INSERT INTO meeting (family_id, trajectory_id, kind, held_on, summary, decisions, created_by_id)
        SELECT NULL, NULL, '{CASUISTIEK}', {held_on}, 'Casuïstiekbijeenkomst met het lokale veld', '[]', NULL
        FROM {chunk.numbers(count)} s
        WHERE NOT EXISTS (SELECT 1 FROM meeting m WHERE m.trajectory_id IS NULL AND m.kind = '{CASUISTIEK}'
                          AND m.held_on = {held_on})
        ORDER BY s.n DESC""")


def case_discussions(chunk) -> int:
    """Two thirds of the participating trajectories, at the first casuïstiekbijeenkomst after their question."""
    r = chunk.random("q.trajectory_id", DISCUSS)
    return chunk.execute("inwonerskracht_case_discussion", f"""
        INSERT INTO inwonerskracht_case_discussion (meeting_id, trajectory_id, pseudonym, discussion,
                                                    volunteer_dilemmas, decisions)
        SELECT z.meeting_id, z.trajectory_id, 'Casus ' || (z.trajectory_id - {int(chunk.load_start)} + 1),
               {chunk.choice("z.r / 3", DISCUSSIONS)}, {chunk.choice("z.r / 5", DILEMMAS)},
               {chunk.choice("z.r / 7", DECISIONS)}
        FROM (SELECT q.trajectory_id, {r} AS r,
                     (SELECT m.id FROM meeting m
                      WHERE m.trajectory_id IS NULL AND m.kind = '{CASUISTIEK}' AND m.held_on >= q.since
                        AND m.held_on <= (SELECT COALESCE(t.ended_on, %(today)s) FROM trajectory t
                                          WHERE t.id = q.trajectory_id)
                      ORDER BY m.held_on, m.id LIMIT 1) AS meeting_id
              FROM (SELECT hq.trajectory_id, MIN(hq.formulated_on) AS since FROM inwonerskracht_help_question hq
                    WHERE hq.trajectory_id BETWEEN %(lo)s AND %(hi)s GROUP BY hq.trajectory_id) q) z
        WHERE z.meeting_id IS NOT NULL AND z.r %% 3 <> 0
        ORDER BY z.trajectory_id""")
