"""5V rows for one chunk of a national-size synthetic load (``gezinsroute demo-data --size``).

Set-based: each statement is one ``INSERT … SELECT`` over the chunk's 5V trajectories
(:class:`gezinsroute.plugin_api.BulkChunk`), so no trajectory passes through Python. It writes:

* ``vijfv_progress``: one or two progress records about the family for every trajectory that reached
  the Volgen step (open in ``volgen``, or completed), three weeks or more after the start;
* ``vijfv_evaluation``: the closing evaluation of every completed trajectory (the Voltooien gate
  asks for one), with the trajectory's CBS end reason and results per goal.

Left alone: ``vijfv_pairing``. A pairing belongs to a referral to a programme that pairs volunteers,
with the child among the referral's members; the core's bulk referrals carry no programme and no
members, and a plugin cannot add referrals during the load (the core hands out their ids up front).
"""

from __future__ import annotations

from . import config
from .demo import IMPACTS, PROGRESS
from .methodology import KEY, methodology

TRENDS = ("improving",) * 10 + ("stable",) * 7 + ("declining",) * 3
RESULTS = ("achieved", "achieved", "achieved", "partly", "partly", "not_achieved")
SATISFACTION = ("satisfied", "satisfied", "satisfied", "neutral", "dissatisfied")


def populate(chunk) -> None:
    closed = [p.key for p in methodology().phases if p.closed]
    progress(chunk, ("volgen", *closed))
    evaluations(chunk, closed)


def _ours(chunk, phases) -> str:
    return (f"t.id BETWEEN %(lo)s AND %(hi)s AND t.methodology = '{KEY}' "
            f"AND t.phase IN ({chunk.in_list(phases)})")


def progress(chunk, phases) -> int:
    """One or two records per trajectory in Volgen or completed, between three weeks in and its end."""
    programmes = [*config.programmes(), None]
    span = chunk.days_between("t.started_on", "COALESCE(t.ended_on, %(today)s)")
    day = "CASE WHEN y.span > 21 THEN 21 + y.r %% (y.span - 20) ELSE y.span END"
    return chunk.execute("vijfv_progress", f"""
        INSERT INTO vijfv_progress (trajectory_id, member_id, programme, trend, summary, recorded_on, worker_id)
        SELECT y.id, NULL, {chunk.choice("y.r / 7", programmes)}, {chunk.choice("y.r / 11", TRENDS)},
               {chunk.choice("y.r / 13", PROGRESS)}, {chunk.add_days("y.started_on", day)}, y.responsible_id
        FROM (SELECT t.id, t.started_on, t.responsible_id, s.n, {span} AS span,
                     CASE s.n WHEN 0 THEN {chunk.random("t.id", 1)} ELSE {chunk.random("t.id", 2)} END AS r
              FROM trajectory t CROSS JOIN {chunk.numbers(2)} s WHERE {_ours(chunk, phases)}) y
        WHERE y.n = 0 OR y.r %% 2 = 0
        ORDER BY y.id, y.n""")


def evaluations(chunk, closed) -> int:
    """The evaluation of every completed trajectory, on the day it was completed."""
    if not closed:
        return 0
    r = chunk.random("t.id", 3)
    results = (f"""'{{"goal:1": "' || {chunk.choice(f"{r} / 3", RESULTS)} || '", "goal:2": "' || """
               f"""{chunk.choice(f"{r} / 17", RESULTS)} || '"}}'""")
    return chunk.execute("vijfv_evaluation", f"""
        INSERT INTO vijfv_evaluation (trajectory_id, evaluated_on, results, impact, satisfaction, end_reason_cbs,
                                      onward_referral_id, worker_id)
        SELECT t.id, COALESCE(t.ended_on, %(today)s), {results}, {chunk.choice(f"{r} / 19", IMPACTS)},
               {chunk.choice(f"{r} / 23", SATISFACTION)}, COALESCE(t.end_reason_cbs, '01'), NULL, t.responsible_id
        FROM trajectory t WHERE {_ours(chunk, closed)}
        ORDER BY t.id""")
