"""(Voor)school Plus rows for one chunk of a national-size synthetic load (``gezinsroute demo-data --size``).

Set-based: every statement is one ``INSERT … SELECT`` over the chunk's care-line trajectories
(:class:`gezinsroute.plugin_api.BulkChunk`), so no trajectory passes through Python. What it writes:

* in the first chunk, reference rows: the locations (the ``locations`` setting with their partners,
  or one per area like the demo) and, for a location without groups, two groups of each kind;
* ``voorschool_plus_care_line``: one per trajectory, for a child of the family (one aged 2 to 12 when
  the family came in, if it has one), at the location of the family's area (else the first one); a
  closed care line has its destination and exit date;
* ``voorschool_plus_placement``: the peuterwerk placement from the start and, for a child that moved
  on (phase ``basisschool`` or ``bso_plus``), the placement in the new group from the day of the move
  (the core's phase change), the first one ending the day before;
* ``voorschool_plus_handover``: the handover that goes with that move, to a school (or BSO) of the
  location, done before the new group started.

Not written: the parents' consents for the handover (core consents) and mix signals (core signals,
whose ids the core hands out up front during the load). At national size the deployment's few
locations hold far more care children per group than ``max_care_share`` allows, so the mix report
flags most groups.
"""

from __future__ import annotations

from .config import settings
from .methodology import AFGESLOTEN, BASISSCHOOL, BSO_PLUS, HANDOVER_PARTNER_KINDS, PEUTERWERK, SLUG

GROUPS = (("peuterwerk", "Peutergroep De Uiltjes", 12), ("peuterwerk", "Peutergroep De Vlinders", 14),
          ("school_class", "Groep 1-2a", 22), ("school_class", "Groep 1-2b", 24),
          ("bso_plus", "BSO-plus De Ontdekkers", 8), ("bso_plus", "BSO-plus De Avonturiers", 10))
SOURCES = ("consultatiebureau",) * 10 + ("peuterwerk",) * 4 + ("school",) * 2 + ("mkd_outflow",) * 3 + ("kbc_outflow",)
DESTINATIONS = ("regular_group",) * 10 + ("bso",) * 3 + ("so",) * 2 + ("mkd",) * 3 + ("kbc",) * 2
SUMMARIES = ("Ontwikkeling, zorgplandoelen en wat werkt in de groep besproken met de IB-er",
             "Overdracht met ouders en leerkracht: dagritme, taal en spel", "Warme overdracht in de groep zelf")
MOVED = (BASISSCHOOL, BSO_PLUS)


def populate(chunk) -> None:
    config = settings()
    if chunk.index == 0:
        locations(chunk, config)
        groups(chunk)
    care_lines(chunk)
    placements(chunk)
    handovers(chunk)


def _ours(alias: str = "t") -> str:
    return f"{alias}.id BETWEEN %(lo)s AND %(hi)s AND {alias}.methodology = '{SLUG}'"


# -- reference rows (first chunk) -------------------------------------------------------------------
def locations(chunk, config) -> int:
    configured = config.get("locations") or []
    if not configured:
        return chunk.execute("voorschool_plus_location", """
            INSERT INTO voorschool_plus_location (key, name, area_id, address, active)
            SELECT 'vsp-' || LOWER(a.code), '(Voor)school Plus ' || a.name, a.id, NULL, TRUE
            FROM area a
            WHERE NOT EXISTS (SELECT 1 FROM voorschool_plus_location l
                              WHERE l.area_id = a.id OR l.key = 'vsp-' || LOWER(a.code))
            ORDER BY a.id""")
    params, rows, pairs = {}, [], []
    for i, loc in enumerate(configured):
        params.update({f"key{i}": loc["key"], f"name{i}": loc["name"], f"area{i}": loc["area"],
                       f"address{i}": loc.get("address")})
        rows.append(f"SELECT {i} AS i, %(key{i})s AS key, %(name{i})s AS name, %(area{i})s AS area, "
                    f"CAST(%(address{i})s AS TEXT) AS address")
        for j, partner in enumerate(loc.get("partners") or []):
            params[f"partner{i}_{j}"] = partner
            pairs.append(f"SELECT %(key{i})s AS location, %(partner{i}_{j})s AS partner")
    written = chunk.execute("voorschool_plus_location", f"""
        INSERT INTO voorschool_plus_location (key, name, area_id, address, active)
        SELECT c.key, c.name, a.id, c.address, TRUE
        FROM ({" UNION ALL ".join(rows)}) c JOIN area a ON a.code = c.area
        WHERE NOT EXISTS (SELECT 1 FROM voorschool_plus_location l WHERE l.key = c.key OR l.area_id = a.id)
        ORDER BY c.i""", params)
    if pairs:
        chunk.execute("voorschool_plus_location_partner", f"""
            INSERT INTO voorschool_plus_location_partner (location_id, partner_id)
            SELECT l.id, p.id
            FROM ({" UNION ALL ".join(pairs)}) c
            JOIN voorschool_plus_location l ON l.key = c.location JOIN partner p ON p.key = c.partner
            WHERE NOT EXISTS (SELECT 1 FROM voorschool_plus_location_partner x
                              WHERE x.location_id = l.id AND x.partner_id = p.id)
            ORDER BY l.id, p.id""", params)
    return written


def groups(chunk) -> int:
    """Two groups of each kind at every location that has none yet."""
    template = " UNION ALL ".join(f"SELECT {i} AS i, {chunk.literal(kind)} AS kind, {chunk.literal(name)} AS name, "
                                  f"{regular} AS regular" for i, (kind, name, regular) in enumerate(GROUPS))
    return chunk.execute("voorschool_plus_group", f"""
        INSERT INTO voorschool_plus_group (location_id, kind, name, regular_children, lead_worker_id, active)
        SELECT l.id, g.kind, g.name, g.regular, NULL, TRUE
        FROM voorschool_plus_location l CROSS JOIN ({template}) g
        WHERE l.active AND NOT EXISTS (SELECT 1 FROM voorschool_plus_group x WHERE x.location_id = l.id)
        ORDER BY l.id, g.i""")


# -- per chunk --------------------------------------------------------------------------------------
def care_lines(chunk) -> int:
    """One care line per trajectory, for a child of the family (one aged 2 to 12 when the family came in,
    if it has one), at the location of the family's area.

    The trajectories and the children of the chunk's families go through one stream in which a window
    per family picks the child: no join between two sets without an index, so no plan can go
    quadratic on tables whose statistics lag behind the load."""
    r = chunk.random("t.id", 1)
    arrived = "(SELECT f.created_at FROM family f WHERE f.id = m.family_id)"
    eligible = (f"m.birth_date <= {chunk.add_days(arrived, '-730')} "
                f"AND m.birth_date > {chunk.add_days(arrived, '-4380')}")
    location = ("COALESCE((SELECT MIN(l.id) FROM voorschool_plus_location l WHERE l.active AND l.area_id = "
                "(SELECT f.area_id FROM family f WHERE f.id = t.family_id)), "
                "(SELECT MIN(l2.id) FROM voorschool_plus_location l2 WHERE l2.active))")
    return chunk.execute("voorschool_plus_care_line", f"""
        INSERT INTO voorschool_plus_care_line (trajectory_id, child_id, location_id, source, enrolled_on,
                                               uses_transport, destination, exited_on)
        SELECT w.id, COALESCE(w.eligible_child, w.any_child), w.location_id, {chunk.choice("w.r / 3", SOURCES)},
               w.started_on, (w.r / 7) %% 100 < 15,
               CASE WHEN w.ended_on IS NOT NULL THEN {chunk.choice("w.r / 11", DESTINATIONS)} END, w.ended_on
        FROM (SELECT u.*, MAX(u.eligible) OVER (PARTITION BY u.family_id) AS eligible_child,
                     MAX(CASE WHEN u.kind = 1 THEN u.id END) OVER (PARTITION BY u.family_id) AS any_child
              FROM (SELECT 0 AS kind, t.id, t.family_id, t.started_on, t.ended_on, NULL AS eligible,
                           {r} AS r, {location} AS location_id
                    FROM trajectory t WHERE {_ours()}
                    UNION ALL
                    SELECT 1, m.id, m.family_id, NULL, NULL, CASE WHEN {eligible} THEN m.id END, NULL, NULL
                    FROM member m WHERE m.role = 'child' AND m.id BETWEEN %(member_lo)s AND %(member_hi)s) u) w
        WHERE w.kind = 0 AND w.location_id IS NOT NULL AND w.any_child IS NOT NULL
        ORDER BY w.id""")


def _group(location_sql: str, kind_sql: str, pick_sql: str) -> str:
    """One of the active groups of a kind at a location (the first or the last)."""
    return (f"CASE WHEN ({pick_sql}) %% 2 = 0 "
            f"THEN (SELECT MIN(g.id) FROM voorschool_plus_group g WHERE g.location_id = {location_sql} "
            f"AND g.kind = {kind_sql} AND g.active) "
            f"ELSE (SELECT MAX(g.id) FROM voorschool_plus_group g WHERE g.location_id = {location_sql} "
            f"AND g.kind = {kind_sql} AND g.active) END")


def placements(chunk) -> int:
    """Peuterwerk from the start; a child that moved on is placed in its new group from the day of the move.

    The day of the move is the core's phase change: care lines and phase changes go through one
    stream with a window per trajectory (no join, see :func:`care_lines`)."""
    moved = f"y.phase IN ({chunk.in_list(MOVED)})"
    kind = (f"CASE s.n WHEN 0 THEN '{PEUTERWERK}' ELSE CASE w.phase WHEN '{BASISSCHOOL}' THEN 'school_class' "
            f"ELSE 'bso_plus' END END")
    return chunk.execute("voorschool_plus_placement", f"""
        INSERT INTO voorschool_plus_placement (trajectory_id, child_id, group_id, from_date, to_date)
        SELECT y.id, y.child_id, y.group_id,
               CASE WHEN y.n = 0 THEN y.started_on ELSE y.moved_on END,
               CASE WHEN y.n = 1 THEN NULL WHEN {moved} THEN {chunk.add_days("y.moved_on", "-1")}
                    WHEN y.phase = '{AFGESLOTEN}' THEN y.ended_on END
        FROM (SELECT w.id, w.phase, w.started_on, w.ended_on, w.child_id, s.n,
                     COALESCE(w.moved_on, %(today)s) AS moved_on,
                     {_group("w.location_id", kind, chunk.random("w.id", 2) + " + s.n")} AS group_id
              FROM (SELECT v.*, MIN(v.moved) OVER (PARTITION BY v.id) AS moved_on
                    FROM (SELECT 0 AS kind, t.id, t.phase, t.started_on, t.ended_on, cl.child_id, cl.location_id,
                                 NULL AS moved
                          FROM voorschool_plus_care_line cl JOIN trajectory t ON t.id = cl.trajectory_id
                          WHERE cl.trajectory_id BETWEEN %(lo)s AND %(hi)s
                          UNION ALL
                          SELECT 1, pc.trajectory_id, NULL, NULL, NULL, NULL, NULL, {chunk.date_of("pc.changed_at")}
                          FROM phase_change pc
                          WHERE pc.id BETWEEN %(phase_change_lo)s AND %(phase_change_hi)s
                            AND pc.trajectory_id BETWEEN %(lo)s AND %(hi)s AND pc.to_phase IN ({chunk.in_list(MOVED)})
                          ) v) w
              CROSS JOIN {chunk.numbers(2)} s
              WHERE w.kind = 0) y
        WHERE y.group_id IS NOT NULL AND (y.n = 0 OR {moved})
        ORDER BY y.id, y.n""")


def handovers(chunk) -> int:
    def partner(kinds) -> str:
        kinds = chunk.in_list(kinds)
        return (f"COALESCE((SELECT MIN(lp.partner_id) FROM voorschool_plus_location_partner lp "
                f"JOIN partner pa ON pa.id = lp.partner_id WHERE lp.location_id = cl.location_id AND pa.active "
                f"AND pa.kind IN ({kinds})), (SELECT MIN(pa.id) FROM partner pa WHERE pa.active AND pa.kind IN "
                f"({kinds})))")

    handed_over = chunk.add_days("p.from_date", "-14")
    return chunk.execute("voorschool_plus_handover", f"""
        INSERT INTO voorschool_plus_handover (trajectory_id, child_id, to_phase, to_partner_id, to_group_id,
                                              school_start_on, handed_over_on, summary, recorded_by_id)
        SELECT y.id, y.child_id, y.phase, y.partner_id, y.group_id, y.from_date,
               CASE WHEN y.handed_over_on > y.started_on THEN y.handed_over_on ELSE y.started_on END,
               {chunk.choice("y.r", SUMMARIES)}, y.responsible_id
        FROM (SELECT t.id, t.phase, t.started_on, t.responsible_id, cl.child_id, p.group_id, p.from_date,
                     {handed_over} AS handed_over_on, {chunk.random("t.id", 3)} AS r,
                     CASE t.phase WHEN '{BASISSCHOOL}' THEN {partner(HANDOVER_PARTNER_KINDS[BASISSCHOOL])}
                          ELSE {partner(HANDOVER_PARTNER_KINDS[BSO_PLUS])} END AS partner_id
              FROM voorschool_plus_care_line cl JOIN trajectory t ON t.id = cl.trajectory_id
              JOIN voorschool_plus_placement p ON p.trajectory_id = t.id AND p.to_date IS NULL
              WHERE cl.trajectory_id BETWEEN %(lo)s AND %(hi)s AND t.phase IN ({chunk.in_list(MOVED)})) y
        WHERE y.partner_id IS NOT NULL
        ORDER BY y.id""")
