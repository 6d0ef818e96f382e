"""liaison audit verify: recompute the audit hash chain and name the first bad row."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from liaison.core import audit


class Command(BaseCommand):
    help = "Check the audit trail for edited or deleted rows."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("verify", help="recompute the hash chain")

    def handle(self, *args: Any, **options: Any) -> None:
        checked, problem = audit.verify()
        if problem is not None:
            raise CommandError(f"audit trail BROKEN at {problem} ({checked} rows before it are intact)")
        self.stdout.write(f"audit trail OK: {checked} rows, chain intact")
