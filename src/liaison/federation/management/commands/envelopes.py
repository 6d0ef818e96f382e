"""liaison envelopes [--write FILE | --check FILE]: the envelope catalogue as Markdown."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from liaison.federation.catalogue import render_markdown


class Command(BaseCommand):
    help = "Print the envelope catalogue of every installed app (docs/envelopes.md), or write/check it."

    def add_arguments(self, parser: CommandParser) -> None:
        group = parser.add_mutually_exclusive_group()
        group.add_argument("--write", metavar="FILE", help="write the catalogue to FILE")
        group.add_argument("--check", metavar="FILE", help="exit 1 if FILE differs from the catalogue")

    def handle(self, *args: Any, **options: Any) -> None:
        text = render_markdown()
        if options["write"]:
            Path(options["write"]).write_text(text, encoding="utf-8")
            self.stdout.write(f"wrote {options['write']}")
        elif options["check"]:
            path = Path(options["check"])
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                raise CommandError(f"{path} is stale: run `liaison envelopes --write {path}`")
            self.stdout.write(f"{path} is up to date")
        else:
            self.stdout.write(text)
