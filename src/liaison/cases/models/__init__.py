"""Models of the cases app: joint cases and their entities, assistance requests, hit/no-hit queries."""

from .cases import Case, CaseEvent, Entity, EntityName, PersonIndexChunk
from .hits import HitQuery, ReceivedHitQuery
from .requests import Arrangement, AssistanceRequest

__all__ = [
    "Arrangement",
    "AssistanceRequest",
    "Case",
    "CaseEvent",
    "Entity",
    "EntityName",
    "HitQuery",
    "PersonIndexChunk",
    "ReceivedHitQuery",
]
