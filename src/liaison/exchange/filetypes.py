"""What an attachment really is, from its first bytes (magic numbers), not from its name or the
browser's claim. One function, `check_content_type`, is all the rest of the app calls, so a shared
checker (core/files.py, being written on another branch) can replace this module's body alone."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

__all__ = ["ALLOWED", "check_content_type", "sniff"]

# (magic prefix, content type): the formats officers exchange (documents, scans, photos, archives).
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
    (b"II*\x00", "image/tiff"),
    (b"MM\x00*", "image/tiff"),
    (b"PK\x03\x04", "application/zip"),  # also docx, xlsx, odt: all zip containers
)
ALLOWED = frozenset({t for _m, t in _MAGIC} | {"text/plain"})


def sniff(content: bytes) -> str | None:
    """The content type the bytes show, or None when they are of no format we accept."""
    for magic, content_type in _MAGIC:
        if content.startswith(magic):
            return content_type
    head = content[:8192]
    if b"\x00" in head:
        return None
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start < len(head) - 3:  # a character cut at the end of the sample is fine
            return None
    return "text/plain"


def check_content_type(name: str, content: bytes) -> str:
    """The checked content type of an attachment; ValidationError when its bytes are of no accepted
    format (an executable renamed report.pdf is refused, whatever its name says)."""
    found = sniff(content)
    if found is None or found not in ALLOWED:
        raise ValidationError(
            _("%(name)s is not a file type that can be attached (PDF, images, office documents, text).")
            % {"name": name}
        )
    return found
