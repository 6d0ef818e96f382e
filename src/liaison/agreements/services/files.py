"""Files of the agreements app (attachments, evidence): stored under MEDIA_ROOT, crossing to the peer
in `agreements.file.chunk` envelopes.

Why chunks rather than one big envelope or a later fetch: envelopes are capped
(FEDERATION_MAX_ENVELOPE_BYTES, 256 KiB by default) while evidence may reach MAX_EVIDENCE_BYTES.
Slicing the file into envelopes under the cap keeps everything on the one signed, ordered,
store-and-forward channel: no second endpoint, no fetch that can fail after the metadata arrived,
and a peer that is down for a week still gets every byte. The receiver keeps the chunks until the
last one arrives, joins them and checks the SHA-256 announced in the signed metadata envelope.
"""

from __future__ import annotations

import base64
import hashlib
import uuid
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils.translation import gettext as _

from liaison.core.files import check_file_type

from ..models import DocumentVersion, ProgressUpdate, StoredFile
from .common import invalid, log


@dataclass(frozen=True)
class NewFile:
    """A file handed to a service: name, bytes and content type."""

    name: str
    content: bytes
    content_type: str = "application/octet-stream"

    @classmethod
    def from_upload(cls, upload: Any) -> NewFile:
        return cls(
            name=str(upload.name)[:200],
            content=upload.read(),
            content_type=getattr(upload, "content_type", "") or "application/octet-stream",
        )


def chunk_bytes() -> int:
    """Raw bytes per chunk: base64 grows them by 4/3, and the envelope needs room for its header."""
    return max(16 * 1024, int(settings.FEDERATION_MAX_ENVELOPE_BYTES) * 3 // 5)


def check_size(new: NewFile) -> None:
    if len(new.content) > settings.MAX_EVIDENCE_BYTES:
        raise invalid(
            _("%(name)s is larger than the limit of %(mb)s MB.")
            % {"name": new.name, "mb": settings.MAX_EVIDENCE_BYTES // (1024 * 1024)}
        )


def check_file(new: NewFile) -> str:
    """Size and type (by content) of a file a user hands in; returns the MIME type its content is."""
    check_size(new)
    return check_file_type(new.name, new.content).mime


def _storage_name(uid: uuid.UUID, name: str) -> str:
    suffix = name.rsplit(".", 1)[-1][:10] if "." in name else "bin"
    return f"agreements/{uid.hex[:2]}/{uid.hex}.{suffix}"


def store(
    new: NewFile, *, role: str, version: DocumentVersion | None = None, update: ProgressUpdate | None = None
) -> StoredFile:
    """Write a local file (inside the caller's transaction) and its row."""
    content_type = check_file(new)
    uid = uuid.uuid4()
    stored = StoredFile(
        uid=uid,
        role=role,
        version=version,
        update=update,
        name=new.name,
        content_type=content_type,
        size=len(new.content),
        sha256=hashlib.sha256(new.content).hexdigest(),
        complete=True,
    )
    stored.file.save(_storage_name(uid, new.name), ContentFile(new.content), save=False)
    stored.save()
    return stored


def describe(stored: StoredFile) -> dict[str, Any]:
    """The metadata that travels with the object the file belongs to."""
    count = max(1, -(-stored.size // chunk_bytes()))
    return {
        "uid": str(stored.uid),
        "name": stored.name,
        "content_type": stored.content_type,
        "size": stored.size,
        "sha256": stored.sha256,
        "chunks": count,
    }


def chunk_payloads(stored: StoredFile) -> list[dict[str, Any]]:
    with stored.file.open("rb") as handle:
        data = handle.read()
    size = chunk_bytes()
    count = max(1, -(-len(data) // size))
    return [
        {
            "file": str(stored.uid),
            "index": i,
            "count": count,
            "data": base64.b64encode(data[i * size : (i + 1) * size]).decode(),
        }
        for i in range(count)
    ]


def announce(
    meta: dict[str, Any],
    *,
    role: str,
    version: DocumentVersion | None = None,
    update: ProgressUpdate | None = None,
) -> StoredFile:
    """Record an incoming file announced by the peer; its bytes follow in chunks."""
    stored, _created = StoredFile.objects.get_or_create(
        uid=uuid.UUID(meta["uid"]),
        defaults={
            "role": role,
            "version": version,
            "update": update,
            "name": str(meta["name"])[:200],
            "content_type": str(meta.get("content_type") or "application/octet-stream")[:100],
            "size": int(meta["size"]),
            "sha256": str(meta["sha256"]),
            "complete": False,
        },
    )
    return stored


def _partial_dir(uid: str) -> str:
    return f"agreements/partial/{uid}"


def receive_chunk(payload: dict[str, Any]) -> StoredFile | None:
    """Keep one chunk; when all are there, join them, check the hash and complete the file."""
    try:
        uid = uuid.UUID(str(payload["file"]))
        index, count = int(payload["index"]), int(payload["count"])
        data = base64.b64decode(str(payload["data"]), validate=True)
    except (KeyError, ValueError) as exc:
        raise ValueError(f"malformed file chunk: {exc}") from exc
    stored = StoredFile.objects.select_for_update().filter(uid=uid).first()
    if stored is None:
        raise ValueError(f"file chunk for unknown file {uid}: its metadata envelope has not arrived")
    if stored.complete:
        return stored
    if not 0 <= index < count:
        raise ValueError(f"file chunk index {index} outside 0..{count - 1}")
    part = f"{_partial_dir(uid.hex)}/{index:06d}"
    if default_storage.exists(part):
        default_storage.delete(part)
    default_storage.save(part, ContentFile(data))
    parts = [f"{_partial_dir(uid.hex)}/{i:06d}" for i in range(count)]
    if not all(default_storage.exists(p) for p in parts):
        return stored
    joined = b"".join(default_storage.open(p, "rb").read() for p in parts)
    if hashlib.sha256(joined).hexdigest() != stored.sha256 or len(joined) != stored.size:
        for p in parts:
            default_storage.delete(p)
        raise ValueError(f"file {uid} does not match the SHA-256 and size announced for it")
    stored.file.save(_storage_name(uid, stored.name), ContentFile(joined), save=False)
    stored.complete = True
    stored.save(update_fields=["file", "complete"])
    for p in parts:
        default_storage.delete(p)
    log.info("file %s complete (%s bytes)", uid, stored.size)
    return stored
