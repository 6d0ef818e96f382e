"""liaison peer add | list | show | remove | ping: pinning other parties' nodes."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from liaison.core.request_context import bind_request_id
from liaison.federation import outbox, services, status
from liaison.federation.envelopes import PING


class Command(BaseCommand):
    help = "Pin, list, show, remove or ping peers (other parties' nodes)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        add = sub.add_parser("add", help="pin a peer: its URL and its certificate fingerprint (out of band)")
        add.add_argument("--url", required=True, help="https URL of the peer node")
        add.add_argument(
            "--fingerprint", required=True, help="SHA256:… as the peer's `liaison node show` prints"
        )
        add.add_argument("--replace", action="store_true", help="re-pin a party whose identity changed")
        sub.add_parser("list", help="peers with their delivery state")
        show = sub.add_parser("show", help="one peer in detail")
        show.add_argument("code")
        remove = sub.add_parser("remove", help="unpin a peer (its data is kept)")
        remove.add_argument("code")
        ping = sub.add_parser("ping", help="queue federation.ping envelopes for a peer")
        ping.add_argument("code")
        ping.add_argument("--count", type=int, default=1)

    def handle(self, *args: Any, **options: Any) -> None:
        bind_request_id()
        action = options["action"]
        if action == "add":
            try:
                peer, outcome = services.check_add_peer(
                    options["url"], options["fingerprint"], replace=options["replace"], acting_user=None
                )
            except services.PeeringError as exc:
                raise CommandError(str(exc)) from exc
            except ValidationError as exc:
                raise CommandError("; ".join(exc.messages)) from exc
            words = {"added": "pinned", "unchanged": "already pinned, unchanged", "updated": "updated"}
            self.stdout.write(f"peer {peer.party.code} at {peer.url}: {words[outcome]}")
            return
        if action == "list":
            rows = status.peer_statuses()
            if not rows:
                self.stdout.write("no peer is pinned")
            for s in rows:
                since = s.state_since.isoformat(timespec="seconds") if s.state_since else "-"
                last = s.last_delivery_at.isoformat(timespec="seconds") if s.last_delivery_at else "never"
                active = "" if s.active else " (removed)"
                self.stdout.write(
                    f"{s.code}{active}  {s.state} since {since}  queue {s.queue_depth}  "
                    f"dead {s.dead_letters}  last delivery {last}  {s.url}"
                )
            return
        found = status.get_peer(options["code"])
        if found is None:
            raise CommandError(f"no peer {options['code']!r}; `liaison peer list` shows them")
        peer = found
        if action == "show":
            s = status.peer_status(peer)
            for label, value in (
                ("party", s.code),
                ("url", s.url),
                ("fingerprint", s.fingerprint),
                ("signing key", "ed25519:" + s.signing_public_key),
                ("active", s.active),
                ("state", s.state),
                ("since", s.state_since),
                ("queue depth", s.queue_depth),
                ("delivered", s.delivered),
                ("dead letters", s.dead_letters),
                ("last delivery", s.last_delivery_at),
                ("last error", s.last_error or "-"),
            ):
                self.stdout.write(f"{label + ':':<14}{value}")
        elif action == "remove":
            services.do_remove_peer(peer, acting_user=None)
            self.stdout.write(f"peer {peer.party.code} removed")
        elif action == "ping":
            count = max(1, options["count"])
            sent = 0
            while sent < count:
                chunk = min(1000, count - sent)
                with transaction.atomic():
                    outbox.enqueue_many(
                        PING.wire_type, ({"n": sent + i} for i in range(chunk)), to_party=peer.party.code
                    )
                sent += chunk
            self.stdout.write(f"queued {count} ping(s) for {peer.party.code}")
