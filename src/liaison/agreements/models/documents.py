from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from liaison.core.access import ScopedQuerySet, scope_unit_ids
from liaison.core.models import Official, Party
from liaison.core.models.party import pick_name

from ..choices import DocumentKind
from .meetings import Meeting

if TYPE_CHECKING:
    from liaison.core.models import Officer

    from .signatures import Signature

__all__ = ["Document", "DocumentSignatory", "DocumentVersion", "StoredFile"]


class Document(models.Model):
    """Minutes, a cooperation plan or a protocol between parties; its text lives in versions.

    A document starts as a draft on the node of the party that writes it (`origin_party`), is shared
    with the other parties, and is signed by each party's designated signatory (`DocumentSignatory`)."""

    uid = models.UUIDField(_("global id"), unique=True, default=uuid.uuid4, editable=False)
    reference = models.CharField(_("reference"), max_length=60, unique=True)
    kind = models.CharField(_("kind"), max_length=30, choices=DocumentKind.choices)
    meeting = models.ForeignKey(
        Meeting,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="documents",
        verbose_name=_("meeting"),
    )
    plan_year = models.PositiveSmallIntegerField(
        _("plan year"), null=True, blank=True, help_text=_("The year whose cooperation this document plans")
    )
    parties = models.ManyToManyField(Party, related_name="agreement_documents", verbose_name=_("parties"))
    origin_party = models.ForeignKey(
        Party, on_delete=models.PROTECT, related_name="+", verbose_name=_("drafted by")
    )
    shared_at = models.DateTimeField(_("shared"), null=True, blank=True)
    signed_on_paper = models.DateField(
        _("signed on paper"),
        null=True,
        blank=True,
        help_text=_("For history recorded after the fact: the date the parties signed in ink"),
    )
    source_ref = models.CharField(_("source"), max_length=200, blank=True)
    source_quote = models.TextField(_("source sentence"), blank=True)
    also_reported = models.JSONField(
        _("also reported"),
        default=list,
        blank=True,
        help_text=_("Other reports: a list of {source, quote}"),
    )
    is_demo = models.BooleanField(_("demo data"), default=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def __str__(self) -> str:
        return self.reference

    def get_absolute_url(self) -> str:
        return reverse("agreements:document_detail", args=[self.uid])

    @classmethod
    def visibility_q(cls, officer: Officer) -> models.Q:
        """Liaison officers see every document; a designated signatory sees what they sign; other
        officers see the documents that give their unit (or one below it) a commitment."""
        if officer.has_role("liaison"):
            return models.Q()
        from .commitments import Commitment

        owned = Commitment.owner_units.through.objects.filter(unit_id__in=scope_unit_ids(officer))
        held = DocumentSignatory.objects.filter(official__signatory_keys__officer=officer)
        return models.Q(pk__in=models.Subquery(owned.values("commitment__document_id"))) | models.Q(
            pk__in=models.Subquery(held.values("document_id"))
        )

    @property
    def title(self) -> str:
        latest = self.latest_version
        return latest.title if latest is not None else self.reference

    @property
    def latest_version(self) -> DocumentVersion | None:
        cached = getattr(self, "_latest_version", None)
        if cached is None:
            # Lists prefetch `versions`; use them instead of one query per document.
            prefetched = getattr(self, "_prefetched_objects_cache", {}).get("versions")
            if prefetched is not None:
                cached = max(prefetched, key=lambda v: v.number, default=None)
            else:
                cached = self.versions.order_by("-number").first()
            self._latest_version = cached
        return cached

    def party_codes(self) -> list[str]:
        return sorted(p.code for p in self.parties.all())


class DocumentSignatory(models.Model):
    """The official designated to sign a document for one party."""

    document = models.ForeignKey(
        Document, on_delete=models.CASCADE, related_name="signatories", verbose_name=_("document")
    )
    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="+", verbose_name=_("party"))
    official = models.ForeignKey(
        Official, on_delete=models.PROTECT, related_name="+", verbose_name=_("signatory")
    )

    class Meta:
        ordering = ["party__code"]
        verbose_name = _("designated signatory")
        verbose_name_plural = _("designated signatories")
        constraints = [
            models.UniqueConstraint(fields=["document", "party"], name="agreements_one_signatory_per_party")
        ]

    def __str__(self) -> str:
        return f"{self.party.code}: {self.official}"


class DocumentVersion(models.Model):
    """One immutable version of a document: every change makes a new version.

    `texts` holds each party's text in its language and the text in the working language; `undertakings`
    the commitments the document makes. Both are part of the canonical form that signatures cover."""

    document = models.ForeignKey(
        Document, on_delete=models.CASCADE, related_name="versions", verbose_name=_("document")
    )
    number = models.PositiveIntegerField(_("version"))
    titles = models.JSONField(_("title"), default=dict)
    working_language = models.CharField(_("working language"), max_length=8)
    texts = models.JSONField(_("texts"), default=dict, help_text=_("Full text by language code"))
    undertakings = models.JSONField(_("undertakings"), default=list)
    change_note = models.CharField(_("what changed"), max_length=300, blank=True)
    content_sha256 = models.CharField(_("content SHA-256"), max_length=64)
    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="+", verbose_name=_("written by"))
    author_name = models.CharField(_("author"), max_length=150, blank=True)
    created_at = models.DateTimeField(_("created"))

    class Meta:
        ordering = ["document", "number"]
        verbose_name = _("document version")
        verbose_name_plural = _("document versions")
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="agreements_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.document.reference} v{self.number}"

    @property
    def title(self) -> str:
        return pick_name(self.titles, self.working_language) if self.titles else self.document.reference

    def text_in(self, language: str) -> str:
        return str(self.texts.get(language, ""))

    def signature_for(self, party_code: str) -> Signature | None:
        return next((s for s in self.signatures.all() if s.party.code == party_code), None)


class StoredFile(models.Model):
    """A file kept under MEDIA_ROOT: an attachment of a document version or the evidence of a progress
    update. Files cross to the peer in chunks (`agreements.file.chunk` envelopes); until every chunk has
    arrived `complete` is false and the file cannot be opened."""

    ATTACHMENT = "attachment"
    EVIDENCE = "evidence"

    uid = models.UUIDField(_("global id"), unique=True, default=uuid.uuid4, editable=False)
    role = models.CharField(
        _("role"), max_length=12, choices=[(ATTACHMENT, _("attachment")), (EVIDENCE, _("evidence"))]
    )
    version = models.ForeignKey(
        DocumentVersion,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="attachments",
        verbose_name=_("document version"),
    )
    update = models.ForeignKey(
        "agreements.ProgressUpdate",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="evidence",
        verbose_name=_("progress update"),
    )
    name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("content type"), max_length=100, default="application/octet-stream")
    size = models.PositiveBigIntegerField(_("size in bytes"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    file = models.FileField(_("file"), upload_to="agreements/", blank=True)
    complete = models.BooleanField(_("complete"), default=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "name"]
        verbose_name = _("file")
        verbose_name_plural = _("files")

    def __str__(self) -> str:
        return self.name

    @classmethod
    def visibility_q(cls, officer: Officer) -> models.Q:
        """Evidence follows its commitment, attachments their document (need-to-know)."""
        from .commitments import Commitment

        return models.Q(
            role=cls.EVIDENCE,
            update__commitment__in=models.Subquery(Commitment.objects.visible_to(officer).values("pk")),
        ) | models.Q(
            role=cls.ATTACHMENT,
            version__document__in=models.Subquery(Document.objects.visible_to(officer).values("pk")),
        )
