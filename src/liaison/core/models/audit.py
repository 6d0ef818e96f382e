from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = ["AuditEvent", "AuditEventType", "AuditHead"]


class AuditEventType(models.TextChoices):
    """Every kind of audited event. Codes are stored; never reuse or rename one."""

    LOGIN = "auth.login", _("Log-in")
    LOGOUT = "auth.logout", _("Log-out")
    LOGIN_FAILED = "auth.login_failed", _("Failed log-in")
    ACCOUNT_LOCKED = "auth.locked", _("Account locked")
    LANGUAGE_CHANGED = "officer.language", _("Language changed")
    OFFICER_CREATED = "officer.created", _("Officer created")
    OFFICER_CHANGED = "officer.changed", _("Officer changed")
    PARTY_SAVED = "party.saved", _("Party saved")
    UNIT_CREATED = "unit.created", _("Unit created")
    UNIT_CHANGED = "unit.changed", _("Unit changed")
    TWINNING_CREATED = "twinning.created", _("Twinning created")
    TWINNING_CHANGED = "twinning.changed", _("Twinning changed")
    TWINNING_DELETED = "twinning.deleted", _("Twinning deleted")
    REFERENCE_DELETED = "reference.deleted", _("Deleted in the administration pages")
    OFFICIAL_SAVED = "official.saved", _("Official saved")
    NODE_INITIALISED = "node.initialised", _("Node initialised")
    DEMO_LOADED = "demo.loaded", _("Demo data loaded")
    # federation
    PEER_ADDED = "peer.added", _("Peer added")
    PEER_CHANGED = "peer.changed", _("Peer changed")
    ENVELOPE_REFUSED = "envelope.refused", _("Envelope refused")
    DEAD_LETTER_RETRIED = "envelope.retried", _("Dead letter retried")
    # agreements
    MEETING_SAVED = "meeting.saved", _("Meeting saved")
    DOCUMENT_SAVED = "document.saved", _("Document saved")
    DOCUMENT_SHARED = "document.shared", _("Document shared")
    DOCUMENT_SIGNED = "document.signed", _("Document signed")
    COMMITMENT_SAVED = "commitment.saved", _("Commitment saved")
    COMMITMENT_UPDATED = "commitment.updated", _("Commitment progress")
    EVIDENCE_READ = "evidence.read", _("Evidence read")
    SIGNATORY_KEY_CREATED = "signatory.key_created", _("Signatory key created")
    REVIEW_EXPORTED = "review.exported", _("Review exported")
    # exchange
    MESSAGE_SENT = "message.sent", _("Message sent")
    MESSAGE_RECEIVED = "message.received", _("Message received")
    MESSAGE_READ = "message.read", _("Message read")
    RECEIPT_RECEIVED = "message.receipt", _("Message receipt received")
    ATTACHMENT_READ = "attachment.read", _("Attachment read")
    WIDEN_REQUESTED = "message.widen_requested", _("Asked to pass a message on")
    WIDEN_DECIDED = "message.widen_decided", _("Passing a message on decided")
    REPORT_SCHEDULE_SAVED = "report_schedule.saved", _("Report schedule saved")
    REPORT_FILED = "report.filed", _("Periodic report filed")
    REPORT_REMINDED = "report.reminded", _("Periodic report reminder")
    # cases
    CASE_SAVED = "case.saved", _("Case saved")
    CASE_ENTITY_ADDED = "case.entity_added", _("Entity added to a case")
    REQUEST_SENT = "request.sent", _("Assistance request sent")
    REQUEST_RECEIVED = "request.received", _("Assistance request received")
    REQUEST_UPDATED = "request.updated", _("Assistance request updated")
    REQUEST_REMINDED = "request.reminded", _("Assistance request reminder")
    HIT_QUERY_ASKED = "hit.asked", _("Hit/no-hit query asked")
    HIT_QUERY_REFUSED = "hit.refused", _("Hit/no-hit query refused (rate limit)")
    HIT_QUERY_ANSWERED = "hit.answered", _("Hit/no-hit query answered for a peer")
    HIT_ANSWER_RECEIVED = "hit.answer_received", _("Hit/no-hit answer received")
    HIT_RECORD_DISCLOSED = "hit.disclosed", _("Record behind a hit reference disclosed")
    # hotline
    HOTLINE_ALERT_RAISED = "hotline.alert_raised", _("Hotline alert raised")
    HOTLINE_ALERT_RECEIVED = "hotline.alert_received", _("Hotline alert received")
    HOTLINE_ALERT_ACKNOWLEDGED = "hotline.alert_acknowledged", _("Hotline alert acknowledged")
    HOTLINE_ALERT_ESCALATED = "hotline.alert_escalated", _("Hotline escalation step fired")
    HOTLINE_ALERT_RESOLVED = "hotline.alert_resolved", _("Hotline alert resolved")
    HOTLINE_ALERT_UPDATED = "hotline.alert_updated", _("Hotline alert update received")
    HOTLINE_NOTIFICATION = "hotline.notification", _("Hotline notification sent or failed")
    HOTLINE_SETTINGS_CHANGED = "hotline.settings", _("Hotline settings changed")
    HOTLINE_DUTY_SHIFT_ADDED = "hotline.duty_shift", _("Duty shift added")


class AuditEvent(models.Model):
    """One append-only audit row; `row_hash` chains it to the row before it.

    Written only by `liaison.core.audit.record`. `liaison audit verify` recomputes the chain.
    """

    occurred_at = models.DateTimeField(_("when"), db_index=True)
    # No `choices`: adding an event type must not need a migration. `label` gives the display name.
    event_type = models.CharField(_("event"), max_length=40)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("actor"),
    )
    actor_name = models.CharField(_("actor name"), max_length=150, blank=True)
    unit_code = models.CharField(_("unit"), max_length=40, blank=True)
    target_type = models.CharField(_("target type"), max_length=60, blank=True)
    target_id = models.CharField(_("target"), max_length=80, blank=True)
    extra_data = models.JSONField(_("details"), default=dict, blank=True)
    request_id = models.CharField(_("request"), max_length=40, blank=True)
    prev_hash = models.CharField(max_length=64)
    row_hash = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit trail")
        indexes = [models.Index(fields=["event_type", "occurred_at"], name="core_audit_type_time")]

    def __str__(self) -> str:
        return f"#{self.pk} {self.event_type}"

    @property
    def label(self) -> str:
        try:
            return str(AuditEventType(self.event_type).label)
        except ValueError:
            return self.event_type


class AuditHead(models.Model):
    """The chain's tip (one row). Locking it serialises writers so the chain never forks,
    and its count and hash reveal rows deleted from the end."""

    last_hash = models.CharField(max_length=64)
    row_count = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("audit chain head")

    def __str__(self) -> str:
        return f"{self.row_count} rows, last {self.last_hash[:12]}"
