"""The envelope catalogue: every envelope type a node sends or reads, with its typed payload.

Each Liaison app lists its types in `<app>/envelopes.py` as `ENVELOPES = (EnvelopeType(...), ...)`
and names that module in its AppConfig (`envelopes = "liaison.<app>.envelopes"`). On the wire the
type carries its payload version as a last segment: `agreements.document.shared.v1`. The receiving
node looks the type up here and validates the payload against the schema before the handler sees
it; an unknown type, an unknown version or a payload that fails its schema is refused with a reason
the sender reads in its receipt (and keeps as a dead letter).
"""

from __future__ import annotations

import json
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

    def as_json(self) -> dict[str, Any]:
        """The payload as plain JSON values: what travels, and what a handler may pass on."""
        return self.model_dump(mode="json")


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
        return model.as_json()


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
        return entry.schema.model_validate(payload)
    except SchemaError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc']) or 'payload'}: {err['msg']}" for err in exc.errors()[:5]
        )
        raise CatalogueError("invalid_payload", f"{entry.wire_type} payload: {problems}") from None


# --- docs/envelopes.md ---------------------------------------------------------------------------


def _type_text(spec: dict[str, Any]) -> str:
    """A JSON-schema fragment as a short type name (str, list of FilePayload, str or null...)."""
    if "$ref" in spec:
        return str(spec["$ref"]).rsplit("/", 1)[-1]
    if "anyOf" in spec:
        return " or ".join(_type_text(s) for s in spec["anyOf"])
    kind = spec.get("type", "any")
    if kind == "array":
        return f"list of {_type_text(spec.get('items', {}))}"
    if kind == "object" and "additionalProperties" in spec:
        values = spec["additionalProperties"]
        return f"map of {_type_text(values) if isinstance(values, dict) else 'any'}"
    return {"string": "str", "integer": "int", "boolean": "bool", "null": "null", "number": "float"}.get(
        str(kind), str(kind)
    )


def _fields_table(schema: dict[str, Any]) -> list[str]:
    required = set(schema.get("required", []))
    rows = ["| field | type | required | default |", "|---|---|---|---|"]
    for name, spec in schema.get("properties", {}).items():
        default = "" if name in required else f"`{json.dumps(spec.get('default'), ensure_ascii=False)}`"
        rows.append(f"| `{name}` | {_type_text(spec)} | {'yes' if name in required else 'no'} | {default} |")
    return rows


def render_markdown() -> str:
    """docs/envelopes.md: every catalogued type, its payload schema, who sends it, what the receiver
    does. Generated (`liaison envelopes --write docs/envelopes.md`); a test fails when it is stale."""
    lines = [
        "# Envelope catalogue",
        "",
        "Generated from each app's `envelopes.py` by `liaison envelopes --write docs/envelopes.md`;",
        "do not edit by hand (a test fails when this file is stale). The envelope itself (signature,",
        "batches, receipts) is described in `docs/architecture.md`; this is what travels inside.",
        "",
        "A receiving node refuses an envelope whose type it does not list (`unknown_type`), whose",
        "version it does not read (`unknown_version`) or whose payload fails the schema",
        "(`invalid_payload`); the sender keeps it as a dead letter with that reason.",
        "",
    ]
    for name in sorted(catalogue()):
        for _version, entry in sorted(catalogue()[name].items()):
            schema = entry.schema.model_json_schema()
            lines += [f"## `{entry.wire_type}`", "", f"**Sent by:** {entry.sender}", ""]
            lines += [f"**The receiving node:** {entry.effect}", "", f"Payload `{schema['title']}`:", ""]
            lines += _fields_table(schema)
            for def_name, definition in sorted(schema.get("$defs", {}).items()):
                lines += ["", f"`{def_name}`:", "", *_fields_table(definition)]
            lines.append("")
    return "\n".join(lines)
