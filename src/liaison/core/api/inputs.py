"""Base for JSON API input schemas: text that no database of ours can store is refused up front.

PostgreSQL cannot hold U+0000 in text or JSON columns; SQLite can. Refusing it at the API keeps
both kinds of node alike and turns what would be a 500 on PostgreSQL into a clear 422."""

from __future__ import annotations

from typing import Any

from ninja import Schema
from pydantic import model_validator


def _has_nul(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_has_nul(k) or _has_nul(v) for k, v in value.items())
    if isinstance(value, list | tuple):
        return any(_has_nul(v) for v in value)
    return False


class InputSchema(Schema):
    @model_validator(mode="after")
    def _refuse_nul(self) -> InputSchema:
        if _has_nul(self.model_dump()):
            raise ValueError("text may not contain the NUL character (U+0000)")
        return self
