"""The upload type check: by content (magic bytes), with the name only as a cross-check."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError

from liaison.core.files import check_file_type, detect_type

EXE = (
    b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00"
    + b"\x00" * 64
    + b"This program cannot be run in DOS mode."
)


def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "mime"),
    [
        ("report.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "application/pdf"),
        ("photo.JPG", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00", "image/jpeg"),
        ("map.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "image/png"),
        ("scan.webp", b"RIFF\x24\x00\x00\x00WEBPVP8 ", "image/webp"),
        ("scan.tif", b"II*\x00\x08\x00\x00\x00", "image/tiff"),
        ("scan.tiff", b"MM\x00*\x00\x00\x00\x08", "image/tiff"),
        ("bundle.7z", b"7z\xbc\xaf\x27\x1c\x00\x04", "application/x-7z-compressed"),
        ("notes.txt", "Biên bản họp — ບົດບັນທຶກ\n".encode(), "text/plain"),
        ("list.csv", b"unit,count\nLA-SVK,4\n", "text/csv"),
        ("bundle.zip", _zip({"a.txt": b"a"}), "application/zip"),
        (
            "minutes.docx",
            _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"}),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        (
            "table.xlsx",
            _zip({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"}),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        (
            "minutes.odt",
            _zip({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<x/>"}),
            "application/vnd.oasis.opendocument.text",
        ),
    ],
)
def test_ministry_document_image_and_archive_types_are_accepted(name: str, content: bytes, mime: str) -> None:
    assert check_file_type(name, content).mime == mime


def test_a_windows_program_renamed_pdf_is_refused_with_what_it_is() -> None:
    with pytest.raises(ValidationError) as caught:
        check_file_type("report.pdf", EXE)
    message = " ".join(caught.value.messages)
    assert "report.pdf is refused" in message and "Windows program" in message
    assert "PDF" in message and "JPEG" in message  # says what is accepted


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("tool.pdf", b"\x7fELF\x02\x01\x01\x00"),
        ("run.txt", b"#!/bin/sh\nrm -rf /\n"),
        ("blob.bin", bytes(range(256))),
        ("empty.txt", b""),
        ("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 32),
    ],
)
def test_other_content_is_refused(name: str, content: bytes) -> None:
    assert detect_type(content, name) is None
    with pytest.raises(ValidationError):
        check_file_type(name, content)


def test_a_name_that_contradicts_the_content_is_refused() -> None:
    with pytest.raises(ValidationError) as caught:
        check_file_type("photo.exe", b"\x89PNG\r\n\x1a\n\x00")
    assert ".png" in " ".join(caught.value.messages)
