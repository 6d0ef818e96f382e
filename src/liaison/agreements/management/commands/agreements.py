"""liaison agreements verify DOC | signatory add: offline signature checks and signatory keys."""

from __future__ import annotations

import uuid
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser


class Command(BaseCommand):
    help = "Agreements: verify a document's signatures offline; give an officer a signatory key."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        verify = sub.add_parser(
            "verify", help="check every signature of a document (reference or uid), offline"
        )
        verify.add_argument("document", nargs="+")
        add = sub.add_parser("signatory", help="signatory keys")
        add.add_argument("what", choices=["add"])
        add.add_argument("--officer", required=True, help="user name of the officer who will sign")
        add.add_argument("--official", required=True, help="key of the official they sign for")

    def handle(self, *args: Any, **options: Any) -> None:
        from liaison.core.request_context import bind_request_id

        bind_request_id()
        if options["action"] == "verify":
            self._verify(options["document"])
        else:
            self._add_signatory(options["officer"], options["official"])

    def _verify(self, refs: list[str]) -> None:
        from liaison.agreements.models import Document
        from liaison.agreements.services import verify_document

        failed = []
        for ref in refs:
            try:
                document = Document.objects.filter(uid=uuid.UUID(ref)).first()
            except ValueError:
                document = Document.objects.filter(reference__iexact=ref).first()
            if document is None:
                raise CommandError(f"no document {ref!r} on this node")
            result = verify_document(document)
            latest = document.versions.order_by("-number").first()
            self.stdout.write(f"{document.reference} (latest version {latest.number if latest else '-'})")
            for check in result.checks:
                mark = "OK  " if check.ok else "FAIL"
                self.stdout.write(f"  {mark} {check.party} v{check.version}: {check.detail}")
            for note in result.notes:
                self.stdout.write(f"  note: {note}")
            if result.ok and result.signed_parties:
                self.stdout.write(f"  signed by {' and '.join(result.signed_parties)}")
            if not result.ok:
                failed.append(document.reference)
        if failed:
            raise CommandError(f"signature check FAILED for {', '.join(failed)}")

    def _add_signatory(self, username: str, official_key: str) -> None:
        from django.core.exceptions import ValidationError

        from liaison.agreements.services import do_register_signatory
        from liaison.core.models import Officer, Official

        officer = Officer.objects.filter(username=username).first()
        official = Official.objects.filter(key=official_key).first()
        if officer is None or official is None:
            raise CommandError("unknown officer or official")
        try:
            key = do_register_signatory(officer, official, acting_user=None)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        self.stdout.write(f"{officer.username} signs for {official.name} with ed25519:{key.public_key}")
