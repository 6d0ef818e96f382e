"""liaison node init | show: this node's identity."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from liaison.core import identity, services
from liaison.core.node import local_node_or_none
from liaison.core.request_context import bind_request_id


class Command(BaseCommand):
    help = "Initialise or show this node's identity (keys, certificate, fingerprint)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        init = sub.add_parser("init", help="create keys and certificate")
        init.add_argument("--party", required=True, help="party code, e.g. VN")
        init.add_argument(
            "--url", required=True, help="public https URL of this node, e.g. https://127.0.0.1:8443"
        )
        init.add_argument(
            "--hostname",
            action="append",
            default=[],
            help="extra host name or IP for the certificate (repeatable)",
        )
        sub.add_parser("show", help="print party, URL and fingerprints")

    def handle(self, *args: Any, **options: Any) -> None:
        bind_request_id()
        if options["action"] == "init":
            party = options["party"].upper()
            if len(party) != 2 or not party.isalpha():
                raise CommandError("--party takes a two-letter party code such as VN or LA")
            url = options["url"].rstrip("/")
            parts = urlsplit(url)
            if parts.scheme != "https" or not parts.hostname:
                raise CommandError("--url must be an https URL, e.g. https://127.0.0.1:8443")
            hosts = sorted({parts.hostname, "127.0.0.1", "localhost", "::1", *options["hostname"]})
            try:
                services.do_init_node(party, public_url=url, hostnames=hosts, acting_user=None)
            except (ValidationError, FileExistsError) as exc:
                raise CommandError("; ".join(getattr(exc, "messages", [str(exc)]))) from exc
        local = local_node_or_none()
        node = local.identity if local else None
        if node is None:
            raise CommandError(
                "this node is not initialised: run `liaison node init --party VN --url https://…`"
            )
        self.stdout.write(f"party:        {node.party.code}")
        self.stdout.write(f"url:          {node.public_url}")
        self.stdout.write(f"fingerprint:  {identity.format_fingerprint(node.certificate_fingerprint)}")
        self.stdout.write(f"signing key:  ed25519:{node.signing_public_key}")
