"""A readable difference between two versions of a document (difflib, line by line)."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Any

from .models import DocumentVersion


@dataclass
class DiffLine:
    kind: str  # "same", "add", "del", "gap"
    left: int | None
    right: int | None
    text: str


def _undertaking_lines(rows: list[dict[str, Any]], language: str) -> list[str]:
    lines = []
    for row in rows:
        texts = row.get("texts", {})
        text = texts.get(language) or next(iter(texts.values()), "")
        owners = ", ".join(f"{p}: {u}" for p, u in row.get("owners", {}).items())
        lines.append(
            f"[{row.get('clause') or row['key']}] {text} ({owners}; {row.get('due_on') or '-'}; "
            f"{row.get('area')})"
        )
    return lines


def diff_versions(
    old: DocumentVersion, new: DocumentVersion, language: str, context: int = 3
) -> list[DiffLine]:
    a = [*old.text_in(language).splitlines(), "", "—", *_undertaking_lines(old.undertakings, language)]
    b = [*new.text_in(language).splitlines(), "", "—", *_undertaking_lines(new.undertakings, language)]
    out: list[DiffLine] = []
    for group in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_grouped_opcodes(context):
        if out:
            out.append(DiffLine("gap", None, None, "…"))
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                out.extend(DiffLine("same", i1 + k + 1, j1 + k + 1, a[i1 + k]) for k in range(i2 - i1))
                continue
            if tag in ("replace", "delete"):
                out.extend(DiffLine("del", i + 1, None, a[i]) for i in range(i1, i2))
            if tag in ("replace", "insert"):
                out.extend(DiffLine("add", None, j + 1, b[j]) for j in range(j1, j2))
    return out
