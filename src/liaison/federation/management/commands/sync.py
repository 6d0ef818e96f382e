"""liaison sync verify --peer LA: prove that nothing was lost between this node and a peer."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from liaison.federation import status, sync
from liaison.federation.models import Direction
from liaison.federation.node import local_node


class Command(BaseCommand):
    help = "Compare this node's signed per-day manifests with a peer's; print OK or the missing ids."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        verify = sub.add_parser("verify", help="compare manifests with a peer")
        verify.add_argument("--peer", required=True, help="party code of the peer, e.g. LA")
        verify.add_argument("--since", help="first day to compare (YYYY-MM-DD); default: every day")

    def handle(self, *args: Any, **options: Any) -> None:
        peer = status.get_peer(options["peer"])
        if peer is None or not peer.is_active:
            raise CommandError(f"no active peer {options['peer']!r}; `liaison peer list` shows them")
        since = dt.date.fromisoformat(options["since"]) if options.get("since") else None
        node = local_node()
        try:
            report = sync.verify(peer, node, since=since)
        except sync.SyncError as exc:
            raise CommandError(str(exc)) from exc
        sent, received = report.totals()
        if report.ok:
            self.stdout.write(
                f"OK: {node.party} and {peer.party.code} agree on {len(report.days)} manifest(s): "
                f"{sent} envelope(s) sent, {received} received, each side's manifests signed."
            )
            return
        there = peer.party.code
        for day in report.days:
            if day.ok:
                continue
            sender = node.party if day.direction == Direction.SENT else there
            self.stdout.write(
                f"MISMATCH {day.day} sent by {sender}: {day.ours[0]} here, {day.theirs[0]} on {there}"
            )
            if day.ours != day.ours_signed:
                self.stdout.write(
                    f"  {node.party}'s data no longer matches the manifest it signed "
                    f"({day.ours_signed[0]} signed, {day.ours[0]} now)"
                )
            if day.theirs != day.theirs_signed:
                self.stdout.write(
                    f"  {there}'s data no longer matches the manifest it signed "
                    f"({day.theirs_signed[0]} signed, {day.theirs[0]} now)"
                )
            reasons = sync.explain_missing(day.missing_on_peer) if day.direction == Direction.SENT else {}
            for envelope_id in day.missing_on_peer:
                why = reasons.get(envelope_id, "")
                self.stdout.write(f"  missing on {there}: {envelope_id}" + (f" ({why})" if why else ""))
            for envelope_id in day.missing_here:
                self.stdout.write(f"  missing here ({node.party}): {envelope_id}")
        raise SystemExit(1)
