"""Core tables only: what several methodologies share."""

from .assessment import Assessment
from .audit import AuditEntry
from .auth import AUTH_MODELS, EmergencyAccess, LoginAttempt, LoginSession
from .base import AuditedModel, JSONField, VersionedModel
from .consent import Consent, ConsentGiver
from .contact import Contact, ContactMember, Meeting, MeetingParticipant
from .family import MEMBER_ROLES, Family, Member
from .geo import Area, Municipality
from .involvement import Involvement
from .partner import Partner, PartnerArea
from .plan import Goal, Plan, PlanSignature
from .referral import REFERRAL_FLOW, Referral, ReferralMember
from .signal import Signal
from .trajectory import PhaseChange, Trajectory, TrajectoryMember
from .worker import Team, Worker, WorkerRole

CORE_MODELS = [
    Municipality, Area, Team, Worker, WorkerRole, Partner, PartnerArea,
    Family, Member, Trajectory, TrajectoryMember, PhaseChange, Involvement,
    Referral, ReferralMember, Plan, Goal, PlanSignature, Assessment,
    Consent, ConsentGiver, Contact, ContactMember, Meeting, MeetingParticipant,
    Signal, AuditEntry,
] + AUTH_MODELS

__all__ = [m.__name__ for m in CORE_MODELS] + [
    "AuditedModel", "VersionedModel", "JSONField", "CORE_MODELS", "AUTH_MODELS", "MEMBER_ROLES", "REFERRAL_FLOW",
    "EmergencyAccess", "LoginAttempt", "LoginSession",
]
