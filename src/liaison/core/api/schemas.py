from __future__ import annotations

from ninja import Schema


class PartyOut(Schema):
    code: str
    name: str
    names: dict[str, str]
    language: str


class UnitOut(Schema):
    code: str
    party: str
    parent: str | None
    kind: str
    name: str
    names: dict[str, str]
    offence_focus: str | None


class TwinningOut(Schema):
    id: int
    unit_a: str
    unit_b: str
    kind: str
    is_demo: bool


class CodeOut(Schema):
    code: str
    label: str
    labels: dict[str, str]
    iccs: str


class MeOut(Schema):
    username: str
    full_name: str
    unit: str | None
    party: str | None
    roles: list[str]
    language: str


class ErrorOut(Schema):
    code: str
    detail: str
