"""The documented surface for plugin authors: import from here, not from core internals.

Anything not exported here (or by :mod:`gezinsroute.hookspecs`) may change
without notice.
"""

from flask_babel import gettext, lazy_gettext

from . import access, clock
from .bulk import BulkChunk
from .codes import CBS_END_REASONS, JZ588_END_REASONS, REFERRERS_COD327
from .context import Actor, acting_as, current_actor
from .conventions import package_hooks
from .db import BaseModel, database
from .errors import ConflictError, GezinsrouteError, Problem, TransitionRefused, ValidationFailed
from .events import Event, emit, unit_of_work
from .hookspecs import hookimpl
from .models import (
                     Area,
                     Assessment,
                     Consent,
                     Contact,
                     Family,
                     Goal,
                     Involvement,
                     Meeting,
                     MeetingParticipant,
                     Member,
                     Municipality,
                     Partner,
                     PhaseChange,
                     Plan,
                     PlanSignature,
                     Referral,
                     Signal,
                     Team,
                     Trajectory,
                     TrajectoryMember,
                     Worker,
                     WorkerRole,
)
from .models.base import AuditedModel, JSONField, VersionedModel, utcnow
from .models.referral import REFERRAL_FLOW
from .registry import (
                     Action,
                     CadenceRule,
                     ContactKind,
                     EscalationLadder,
                     Instrument,
                     InvolvementRole,
                     MeetingKind,
                     Methodology,
                     Panel,
                     Phase,
                     PlanKind,
                     Report,
                     ReportTable,
                     Role,
)
from .reports import SMALL_CELL, Period, suppress
from .runtime import current as current_runtime
from .runtime import registry
from .services import (
                     assessments,
                     audit,
                     consent,
                     contacts,
                     families,
                     involvements,
                     plans,
                     referrals,
                     signals,
                     trajectories,
)
from .services.statements import Statement, param

__all__ = [
    "access", "BulkChunk", "package_hooks", "REFERRAL_FLOW", "CBS_END_REASONS", "JZ588_END_REASONS", "REFERRERS_COD327",
    "hookimpl", "gettext",
    "lazy_gettext", "clock", "Actor", "acting_as", "current_actor",
    "BaseModel", "AuditedModel", "VersionedModel", "utcnow", "PhaseChange", "database",
    "JSONField", "ConflictError", "GezinsrouteError", "Problem", "TransitionRefused",
    "ValidationFailed", "Event", "emit", "unit_of_work",
    "Area", "Assessment", "Consent", "Contact", "Family", "Goal", "Involvement", "Meeting",
    "MeetingParticipant", "Member", "Municipality", "Partner", "Plan", "PlanSignature", "Referral",
    "Signal", "Team", "Trajectory", "TrajectoryMember", "Worker", "WorkerRole",
    "Action", "Panel", "CadenceRule", "ContactKind", "EscalationLadder", "Instrument", "InvolvementRole", "MeetingKind",
    "Methodology", "Phase", "PlanKind", "Report", "ReportTable", "Role", "SMALL_CELL", "Period",
    "suppress", "current_runtime", "registry",
    "assessments", "audit", "consent", "contacts", "families", "involvements", "plans", "referrals",
    "signals", "trajectories", "Statement", "param",
]
