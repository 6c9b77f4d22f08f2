"""The plugin's tables: locations and groups (reference data), and per child the care line,
group placements and handovers (case data, audited per family)."""

from __future__ import annotations

from gezinsroute.plugin_api import Area, AuditedModel, BaseModel, Member, Partner, Trajectory, Worker
from peewee import BooleanField, CharField, DateField, ForeignKeyField, IntegerField, TextField


class Location(BaseModel):
    """A (voor)school Plus location: one per area, usually a BMV with peuterwerk, school and BSO."""

    key = CharField(unique=True)
    name = CharField()
    area = ForeignKeyField(Area, backref="+", on_delete="RESTRICT", unique=True)
    address = TextField(null=True)
    active = BooleanField(default=True)

    class Meta:
        table_name = "voorschool_plus_location"

    def __str__(self):
        return self.name


class LocationPartner(BaseModel):
    """A partner housed in or working with the location (peuterwerk, school, BSO, JAC, ...)."""

    location = ForeignKeyField(Location, index=False, backref="partner_rows", on_delete="CASCADE")
    partner = ForeignKeyField(Partner, backref="+", on_delete="CASCADE")

    class Meta:
        table_name = "voorschool_plus_location_partner"
        # index=False on a field that leads one of these: the composite serves lookups by it
        indexes = ((("location", "partner"), True),)


class Group(BaseModel):
    """An inclusive group at a location. Regular children are a number: they are not clients."""

    location = ForeignKeyField(Location, index=False, backref="groups", on_delete="RESTRICT")
    kind = CharField()  # peuterwerk / school_class / bso_plus
    name = CharField()
    regular_children = IntegerField(default=0)
    lead_worker = ForeignKeyField(Worker, null=True, backref="+", on_delete="SET NULL")
    active = BooleanField(default=True)

    class Meta:
        table_name = "voorschool_plus_group"
        # index=False on a field that leads one of these: the composite serves lookups by it
        indexes = ((("location", "kind"), False),)

    def __str__(self):
        return f"{self.location.name} · {self.name}"


class CareLine(AuditedModel):
    """Inflow and outflow of one child's care line (one row per trajectory)."""

    trajectory = ForeignKeyField(Trajectory, unique=True, backref="+", on_delete="CASCADE")
    child = ForeignKeyField(Member, backref="+", on_delete="CASCADE")
    location = ForeignKeyField(Location, backref="care_lines", on_delete="RESTRICT")
    source = CharField()                    # consultatiebureau / peuterwerk / school / mkd_outflow / kbc_outflow
    enrolled_on = DateField(index=True)
    uses_transport = BooleanField(default=False)
    destination = CharField(null=True)      # regular_group / mkd / kbc / bso / so
    exited_on = DateField(null=True, index=True)

    class Meta:
        table_name = "voorschool_plus_care_line"

    def audit_family_id(self):
        return self.trajectory.family_id


class Placement(AuditedModel):
    """A child with a care plan placed in a group from one date to another."""

    trajectory = ForeignKeyField(Trajectory, index=False, backref="+", on_delete="CASCADE")
    child = ForeignKeyField(Member, backref="+", on_delete="CASCADE")
    group = ForeignKeyField(Group, index=False, backref="placements", on_delete="RESTRICT")
    from_date = DateField()
    to_date = DateField(null=True)

    class Meta:
        table_name = "voorschool_plus_placement"
        # index=False on a field that leads one of these: the composite serves lookups by it
        indexes = ((("group", "to_date"), False), (("trajectory", "to_date"), False))

    def audit_family_id(self):
        return self.trajectory.family_id


class Handover(AuditedModel):
    """The overdracht that goes with every move along the care line."""

    trajectory = ForeignKeyField(Trajectory, index=False, backref="+", on_delete="CASCADE")
    child = ForeignKeyField(Member, backref="+", on_delete="CASCADE")
    to_phase = CharField()
    to_partner = ForeignKeyField(Partner, backref="+", on_delete="RESTRICT")
    to_group = ForeignKeyField(Group, backref="+", on_delete="RESTRICT")
    school_start_on = DateField()
    handed_over_on = DateField()
    summary = TextField()
    recorded_by = ForeignKeyField(Worker, null=True, backref="+", on_delete="SET NULL")

    class Meta:
        table_name = "voorschool_plus_handover"
        # index=False on a field that leads one of these: the composite serves lookups by it
        indexes = ((("trajectory", "to_phase"), False),)

    def audit_family_id(self):
        return self.trajectory.family_id


MODELS = [Location, LocationPartner, Group, CareLine, Placement, Handover]
