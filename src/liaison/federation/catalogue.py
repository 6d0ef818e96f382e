"""The envelope catalogue: every envelope type a node sends or reads, with its typed payload.

Each Liaison app lists its types in `<app>/envelopes.py` as `ENVELOPES = (EnvelopeType(...), ...)`
and names that module in its AppConfig (`envelopes = "liaison.<app>.envelopes"`). On the wire the
type carries its payload version as a last segment: `agreements.document.shared.v1`. The receiving
node looks the type up here and validates the payload against the schema before the handler sees
it; an unknown type, an unknown version or a payload that fails its schema is refused with a reason
the sender reads in its receipt (and keeps as a dead letter).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from ninja import Schema
from pydantic import ConfigDict
from pydantic import ValidationError as SchemaError

if TYPE_CHECKING:
    from liaison.federation.public import IncomingEnvelope

__all__ = [
    "CatalogueError",
    "EnvelopeType",
    "PayloadSchema",
    "catalogue",
    "lookup",
    "split_wire_type",
]


class PayloadSchema(Schema):
    """Base of every payload schema: unknown fields are refused, so a typo or a newer payload
    shape cannot pass for this version."""

    model_config = ConfigDict(extra="forbid")


P = TypeVar("P", bound=PayloadSchema)

_WIRE = re.compile(r"^(?P<name>.+)\.v(?P<version>[1-9][0-9]{0,3})$")


@dataclass(frozen=True)
class EnvelopeType(Generic[P]):
    """One envelope type: its name, payload version and schema, and what each side does with it."""

    name: str  # e.g. "agreements.document.shared"
    version: int
    schema: type[P]
    apply: Callable[[IncomingEnvelope, P], None]  # runs inside the inbox transaction
    sender: str  # who sends it, and when (for docs/envelopes.md)
    effect: str  # what the receiving node does (for docs/envelopes.md)

    @property
    def wire_type(self) -> str:
        return f"{self.name}.v{self.version}"

    def payload(self, value: P | Mapping[str, Any]) -> dict[str, Any]:
        """The JSON payload that travels, checked against the schema on the sending side too."""
        model = value if isinstance(value, self.schema) else self.schema.model_validate(value)
        return model.model_dump(mode="json")

    def parse(self, payload: dict[str, Any]) -> P:
        return self.schema.model_validate(payload)


class CatalogueError(ValueError):
    """An incoming type this node cannot read; `code` is the refusal reason sent back."""

    def __init__(self, code: str, detail: str) -> None:
        super().__init__(detail)
        self.code, self.detail = code, detail


def split_wire_type(wire_type: str) -> tuple[str, int | None]:
    match = _WIRE.match(wire_type)
    if match is None:
        return wire_type, None
    return match["name"], int(match["version"])


@cache
def catalogue() -> dict[str, dict[int, EnvelopeType[Any]]]:
    """name -> version -> type, from every installed app's `ENVELOPES` (built once per process)."""
    from liaison.core.contract import each_part

    found: dict[str, dict[int, EnvelopeType[Any]]] = {}
    for config, module in each_part("envelopes"):
        types: Iterable[EnvelopeType[Any]] = module.ENVELOPES
        for entry in types:
            if not entry.name.startswith(f"{config.label}."):
                raise RuntimeError(f"{config.label} declares {entry.name!r}: types start with the app label")
            versions = found.setdefault(entry.name, {})
            if entry.version in versions:
                raise RuntimeError(f"{entry.wire_type} is declared twice")
            versions[entry.version] = entry
    return found


def lookup(wire_type: str) -> EnvelopeType[Any]:
    """The catalogued type of an incoming envelope, or CatalogueError with the refusal reason."""
    name, version = split_wire_type(wire_type)
    versions = catalogue().get(name)
    if versions is None or version is None:
        raise CatalogueError("unknown_type", f"this node reads no envelope type {wire_type!r}")
    entry = versions.get(version)
    if entry is None:
        readable = ", ".join(f"v{v}" for v in sorted(versions))
        raise CatalogueError(
            "unknown_version", f"this node reads {name} in version {readable}, not v{version}"
        )
    return entry


def validate(entry: EnvelopeType[P], payload: dict[str, Any]) -> P:
    try:
        return entry.parse(payload)
    except SchemaError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc']) or 'payload'}: {err['msg']}" for err in exc.errors()[:5]
        )
        raise CatalogueError("invalid_payload", f"{entry.wire_type} payload: {problems}") from None
