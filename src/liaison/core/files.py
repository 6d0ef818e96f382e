"""Which uploaded files a ministry's platform accepts, told by their content (magic bytes), not their name.

Pure helper: no model, no domain import, so every app that takes files (agreements evidence and
attachments today, exchange attachments tomorrow) checks them the same way. A file is accepted when
its first bytes are those of a document, image or archive type in `ACCEPTED` and its name ends in one
of that type's extensions; anything else (a Windows program renamed .pdf, a script, an unknown binary)
is refused with a message that says why and what is accepted.

Why a small table rather than libmagic: no Python binding is installed here, the accepted set is short
and closed, and the two container families that need a closer look (OOXML and ODF are ZIP files) are
told apart with the standard library's `zipfile`.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

__all__ = ["ACCEPTED", "FileType", "accepted_summary", "check_file_type", "detect_type"]


@dataclass(frozen=True)
class FileType:
    """One accepted file type: its MIME type, a label for people and the names it may carry."""

    mime: str
    label: str
    extensions: tuple[str, ...]


PDF = FileType("application/pdf", "PDF", ("pdf",))
PNG = FileType("image/png", "PNG", ("png",))
JPEG = FileType("image/jpeg", "JPEG", ("jpg", "jpeg"))
WEBP = FileType("image/webp", "WebP", ("webp",))
TIFF = FileType("image/tiff", "TIFF", ("tif", "tiff"))
ZIP = FileType("application/zip", "ZIP", ("zip",))
SEVEN_Z = FileType("application/x-7z-compressed", "7z", ("7z",))
TEXT = FileType("text/plain", "text", ("txt", "text", "log", "md"))
CSV = FileType("text/csv", "CSV", ("csv", "tsv"))
DOCX = FileType(
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "Word (DOCX)", ("docx",)
)
XLSX = FileType(
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "Excel (XLSX)", ("xlsx",)
)
PPTX = FileType(
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "PowerPoint (PPTX)",
    ("pptx",),
)
ODT = FileType("application/vnd.oasis.opendocument.text", "ODF text (ODT)", ("odt",))
ODS = FileType("application/vnd.oasis.opendocument.spreadsheet", "ODF spreadsheet (ODS)", ("ods",))
ODP = FileType("application/vnd.oasis.opendocument.presentation", "ODF presentation (ODP)", ("odp",))

ACCEPTED: tuple[FileType, ...] = (
    PDF,
    DOCX,
    XLSX,
    PPTX,
    ODT,
    ODS,
    ODP,
    TEXT,
    CSV,
    JPEG,
    PNG,
    WEBP,
    TIFF,
    ZIP,
    SEVEN_Z,
)

# First bytes of the types that carry a signature; ZIP is looked into further below.
_SIGNATURES: tuple[tuple[bytes, FileType], ...] = (
    (b"%PDF-", PDF),
    (b"\x89PNG\r\n\x1a\n", PNG),
    (b"\xff\xd8\xff", JPEG),
    (b"II*\x00", TIFF),
    (b"MM\x00*", TIFF),
    (b"7z\xbc\xaf\x27\x1c", SEVEN_Z),
)

# Recognised only to say what a refused file is (the message names it); never accepted.
_REFUSED_SIGNATURES: tuple[tuple[bytes, object], ...] = (
    (b"MZ", gettext_lazy("a Windows program")),
    (b"\x7fELF", gettext_lazy("a Linux program")),
    (b"\xcf\xfa\xed\xfe", gettext_lazy("a macOS program")),
    (b"#!", gettext_lazy("a script")),
    (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
        gettext_lazy("an old Microsoft Office file (save it as DOCX, XLSX or PDF)"),
    ),
    (b"Rar!", gettext_lazy("a RAR archive")),
)

_OOXML = {"word/": DOCX, "xl/": XLSX, "ppt/": PPTX}
_ODF = {ODT.mime: ODT, ODS.mime: ODS, ODP.mime: ODP}


def _zip_type(content: bytes) -> FileType | None:
    """ZIP, or the office document (OOXML, ODF) that a ZIP file is; None if the archive is unreadable."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            names = archive.namelist()
            if "mimetype" in names:
                declared = archive.read("mimetype").decode("ascii", "replace").strip()
                if declared in _ODF:
                    return _ODF[declared]
            if "[Content_Types].xml" in names:
                for prefix, kind in _OOXML.items():
                    if any(n.startswith(prefix) for n in names):
                        return kind
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError):
        return None
    return ZIP


def _is_text(content: bytes) -> bool:
    """UTF-8 (or UTF-16 with its byte-order mark) text without control characters other than layout."""
    sample = content[: 64 * 1024]
    if sample.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            decoded = sample.decode("utf-16")
        except UnicodeDecodeError:
            return False
    else:
        try:
            decoded = sample.decode("utf-8")
        except UnicodeDecodeError as exc:
            # a multi-byte character cut by the sample's end is still text
            if exc.start < len(sample) - 4:
                return False
            decoded = sample[: exc.start].decode("utf-8")
    return not any(ord(ch) < 32 and ch not in "\t\n\r\f" for ch in decoded)


def detect_type(content: bytes, name: str = "") -> FileType | None:
    """The accepted type `content` is, by its bytes; None when it is none of them.

    `name` only tells plain text from CSV, which have no signature of their own."""
    for magic, kind in _SIGNATURES:
        if content.startswith(magic):
            return kind
    if content[:4] == b"RIFF" and content[8:12] == b"WEBP":
        return WEBP
    if content.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return _zip_type(content)
    # a script is text, but a program all the same: its first line says so
    if content and not content.startswith(b"#!") and _is_text(content):
        return CSV if _extension(name) in CSV.extensions else TEXT
    return None


def _extension(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def accepted_summary() -> str:
    return ", ".join(kind.label for kind in ACCEPTED)


def check_file_type(name: str, content: bytes) -> FileType:
    """The type of an uploaded file, or ValidationError saying why it is refused and what is accepted."""
    kind = detect_type(content, name)
    if kind is None:
        what = next((str(label) for magic, label in _REFUSED_SIGNATURES if content.startswith(magic)), None)
        if what is not None:
            raise ValidationError(
                _("%(name)s is refused: its content is %(what)s, not a document. Accepted types: %(types)s.")
                % {"name": name, "what": what, "types": accepted_summary()}
            )
        raise ValidationError(
            _("%(name)s is refused: its content is not a type accepted here. Accepted types: %(types)s.")
            % {"name": name, "types": accepted_summary()}
        )
    extension = _extension(name)
    if extension not in kind.extensions:
        raise ValidationError(
            _(
                "%(name)s is refused: its content is a %(type)s file but its name does not end in "
                "%(extensions)s. Rename it and send it again."
            )
            % {"name": name, "type": kind.label, "extensions": " / ".join(f".{e}" for e in kind.extensions)}
        )
    return kind
