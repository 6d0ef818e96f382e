"""Attachments of messages: stored once by their SHA-256 under MEDIA_ROOT, crossing to the peer in
`exchange.file.chunk` envelopes (the same reasoning as agreements' files: envelopes are capped at
FEDERATION_MAX_ENVELOPE_BYTES, so a file travels as ordered, signed, store-and-forward slices on the
one federation channel; a peer that is down for a week still gets every byte).

Chunks are keyed by the content hash, so a file the peer already holds completely is not stored
twice, and its chunks are ignored when they arrive again."""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils.translation import gettext as _

from liaison.core.files import check_file_type, detect_type

from ..models import Attachment, Blob, Message
from .common import log


@dataclass(frozen=True)
class NewFile:
    """A file handed to a service: its name and bytes (the type is found from the bytes)."""

    name: str
    content: bytes

    @classmethod
    def from_upload(cls, upload: Any) -> NewFile:
        return cls(name=str(upload.name)[:200], content=upload.read())


def chunk_bytes() -> int:
    """Raw bytes per chunk: base64 grows them by 4/3, and the envelope needs room for its header."""
    return max(16 * 1024, int(settings.FEDERATION_MAX_ENVELOPE_BYTES) * 3 // 5)


def check_file(new: NewFile) -> str:
    """The size limit and the type check (by magic bytes); returns the checked content type."""
    limit = int(settings.MAX_ATTACHMENT_BYTES)
    if len(new.content) > limit:
        raise ValidationError(
            _("%(name)s is larger than the limit of %(mb)s MB.")
            % {"name": new.name, "mb": limit // (1024 * 1024)}
        )
    if not new.content:
        raise ValidationError(_("%(name)s is empty.") % {"name": new.name})
    return check_file_type(new.name, new.content).mime


def _blob_path(sha256: str) -> str:
    return f"exchange/blobs/{sha256[:2]}/{sha256}"


def store(new: NewFile, message: Message) -> Attachment:
    """Keep the bytes (once per content hash) and attach them to `message`, in the caller's transaction."""
    content_type = check_file(new)
    sha = hashlib.sha256(new.content).hexdigest()
    blob = Blob.objects.select_for_update().filter(sha256=sha).first()
    if blob is None:
        blob = Blob(sha256=sha, size=len(new.content), content_type=content_type)
    if not blob.complete:
        blob.file.save(_blob_path(sha), ContentFile(new.content), save=False)
        blob.complete = True
        blob.save()
    return Attachment.objects.create(message=message, blob=blob, name=new.name)


def describe(attachment: Attachment) -> dict[str, Any]:
    blob = attachment.blob
    return {
        "uid": str(attachment.uid),
        "name": attachment.name,
        "content_type": blob.content_type,
        "size": blob.size,
        "sha256": blob.sha256,
        "chunks": max(1, -(-blob.size // chunk_bytes())),
    }


def chunk_payloads(blob: Blob) -> list[dict[str, Any]]:
    with blob.file.open("rb") as handle:
        data = handle.read()
    size = chunk_bytes()
    count = max(1, -(-len(data) // size))
    return [
        {
            "sha256": blob.sha256,
            "index": i,
            "count": count,
            "data": base64.b64encode(data[i * size : (i + 1) * size]).decode(),
        }
        for i in range(count)
    ]


def announce(meta: dict[str, Any], message: Message) -> Attachment:
    """An incoming attachment announced by the peer; its bytes follow in chunks (unless held already)."""
    sha = str(meta["sha256"]).lower()
    if len(sha) != 64 or any(c not in "0123456789abcdef" for c in sha):
        raise ValueError(f"attachment {meta.get('name')!r}: not a SHA-256: {sha!r}")
    if int(meta["size"]) > int(settings.MAX_ATTACHMENT_BYTES):
        raise ValueError(f"attachment {meta.get('name')!r} is over this node's size limit")
    blob, _created = Blob.objects.get_or_create(
        sha256=sha,
        defaults={
            "size": int(meta["size"]),
            "content_type": str(meta["content_type"])[:100],
            "complete": False,
        },
    )
    attachment, _created = Attachment.objects.get_or_create(
        uid=meta["uid"], defaults={"message": message, "blob": blob, "name": str(meta["name"])[:200]}
    )
    return attachment


def _partial(sha: str, index: int) -> str:
    return f"exchange/partial/{sha}/{index:06d}"


def receive_chunk(payload: dict[str, Any]) -> Blob | None:
    """Keep one chunk; when all are there, join them, check hash, size and type, and complete the file."""
    sha = str(payload["sha256"]).lower()
    index, count = int(payload["index"]), int(payload["count"])
    try:
        data = base64.b64decode(str(payload["data"]), validate=True)
    except ValueError as exc:
        raise ValueError(f"malformed file chunk: {exc}") from exc
    blob = Blob.objects.select_for_update().filter(sha256=sha).first()
    if blob is None:
        raise ValueError(f"file chunk for unknown file {sha}: its message has not arrived")
    if blob.complete:
        return blob
    if not 0 <= index < count:
        raise ValueError(f"file chunk index {index} outside 0..{count - 1}")
    part = _partial(sha, index)
    if default_storage.exists(part):
        default_storage.delete(part)
    default_storage.save(part, ContentFile(data))
    parts = [_partial(sha, i) for i in range(count)]
    if not all(default_storage.exists(p) for p in parts):
        return blob
    joined = b"".join(default_storage.open(p, "rb").read() for p in parts)
    for p in parts:
        default_storage.delete(p)
    if hashlib.sha256(joined).hexdigest() != sha or len(joined) != blob.size:
        raise ValueError(f"file {sha} does not match the SHA-256 and size announced for it")
    # the same check as on the sending node (core.files), by the bytes: a blob has no name of its own
    found = detect_type(joined)
    if found is None:
        raise ValueError(f"file {sha}: its content is not a file type that can be attached here")
    blob.content_type = found.mime
    blob.file.save(_blob_path(sha), ContentFile(joined), save=False)
    blob.complete = True
    blob.save(update_fields=["file", "complete", "content_type"])
    log.info("attachment %s complete (%s bytes)", sha, blob.size)
    return blob
