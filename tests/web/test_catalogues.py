"""The whole UI exists in Vietnamese, Lao and French: the catalogues hold every string of the code
(makemessages finds nothing new) and every entry is translated, with placeholders intact."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "liaison"
LANGUAGES = ("vi", "lo", "fr")
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\{\s*\w+\s*\}\}")


def parse_po(path: Path) -> dict[str, tuple[str, bool]]:
    """msgid -> (msgstr, fuzzy); plural entries keyed by msgid, first msgstr form kept."""
    entries: dict[str, tuple[str, bool]] = {}
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        fuzzy = "#, fuzzy" in block
        msgctxt, msgid, msgstr, current = "", "", "", None
        for line in block.splitlines():
            if line.startswith("msgctxt "):
                current, msgctxt = "ctxt", _unquote(line[8:])
            elif line.startswith("msgid "):
                current, msgid = "id", _unquote(line[6:])
            elif line.startswith("msgid_plural "):
                current = "plural"
            elif line.startswith(("msgstr ", "msgstr[0] ")):
                current, msgstr = "str", _unquote(line.split(" ", 1)[1])
            elif line.startswith("msgstr["):
                current = "other"
            elif line.startswith('"'):
                if current == "id":
                    msgid += _unquote(line)
                elif current == "str":
                    msgstr += _unquote(line)
                elif current == "ctxt":
                    msgctxt += _unquote(line)
        if msgid:
            entries[(msgctxt + "\x04" if msgctxt else "") + msgid] = (msgstr, fuzzy)
    return entries


def _unquote(text: str) -> str:
    return text.strip()[1:-1].encode().decode("unicode_escape").encode("latin-1").decode("utf-8")


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_string_is_translated(language: str) -> None:
    entries = parse_po(PACKAGE / "locale" / language / "LC_MESSAGES" / "django.po")
    assert entries, "catalogue is empty"
    missing = [msgid for msgid, (msgstr, fuzzy) in entries.items() if not msgstr or fuzzy]
    assert not missing, f"{len(missing)} untranslated or fuzzy in {language}: {missing[:10]}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_placeholders_survive_translation(language: str) -> None:
    entries = parse_po(PACKAGE / "locale" / language / "LC_MESSAGES" / "django.po")
    for msgid, (msgstr, _fuzzy) in entries.items():
        if msgstr:
            assert sorted(PLACEHOLDER.findall(msgid)) == sorted(PLACEHOLDER.findall(msgstr)), (
                language,
                msgid,
            )


def test_catalogues_hold_every_string_of_the_code(tmp_path: Path) -> None:
    """makemessages on a copy of the code finds no string that the committed catalogue lacks."""
    copy = tmp_path / "liaison"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__", "*.mo", "static"))
    django_admin = Path(sys.executable).with_name("django-admin")
    subprocess.run(
        [str(django_admin), "makemessages", "-l", "lo", "--no-obsolete", "--no-location", "-v", "0"],
        cwd=copy,
        check=True,
        env={"PATH": "/usr/bin:/bin"},
    )
    fresh = set(parse_po(copy / "locale" / "lo" / "LC_MESSAGES" / "django.po"))
    committed = set(parse_po(PACKAGE / "locale" / "lo" / "LC_MESSAGES" / "django.po"))
    new = sorted(fresh - committed)
    assert not new, f"run makemessages and translate: {len(new)} new strings, e.g. {new[:10]}"
