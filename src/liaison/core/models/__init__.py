from .audit import AuditEvent, AuditEventType, AuditHead
from .node import NodeIdentity
from .officer import Officer, Role, RoleCode
from .party import Official, Party, Twinning, Unit, UnitKind

__all__ = [
    "AuditEvent",
    "AuditEventType",
    "AuditHead",
    "NodeIdentity",
    "Officer",
    "Official",
    "Party",
    "Role",
    "RoleCode",
    "Twinning",
    "Unit",
    "UnitKind",
]
