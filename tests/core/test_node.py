"""`liaison node init/show`: keys, certificate and fingerprint."""

from __future__ import annotations

import pytest
from cryptography import x509
from django.core.management import call_command
from django.core.management.base import CommandError

from liaison.core import identity
from liaison.core.models import AuditEvent, AuditEventType, NodeIdentity


def test_init_creates_private_keys_and_certificate(node_identity, settings):  # type: ignore[no-untyped-def]
    files = identity.key_files(settings.DATA_DIR)
    assert oct(files.signing_key.stat().st_mode)[-3:] == "600"
    assert oct(files.tls_key.stat().st_mode)[-3:] == "600"
    cert = x509.load_pem_x509_certificate(files.tls_cert.read_bytes())
    sans = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    assert "127.0.0.1" in [str(ip) for ip in sans.get_values_for_type(x509.IPAddress)]
    assert node_identity.certificate_fingerprint == identity.cert_fingerprint(files.tls_cert.read_text())
    assert AuditEvent.objects.filter(event_type=AuditEventType.NODE_INITIALISED).count() == 1


def test_init_twice_is_refused(node_identity):  # type: ignore[no-untyped-def]
    with pytest.raises(CommandError, match="initialised already"):
        call_command("node", "init", "--party", "LA", "--url", "https://127.0.0.1:9")
    assert NodeIdentity.objects.count() == 1


def test_init_checks_its_arguments(db):  # type: ignore[no-untyped-def]
    with pytest.raises(CommandError, match="two-letter"):
        call_command("node", "init", "--party", "VNM", "--url", "https://127.0.0.1:1")
    with pytest.raises(CommandError, match="https"):
        call_command("node", "init", "--party", "VN", "--url", "http://127.0.0.1:1")


def test_show_prints_the_fingerprint(node_identity, capsys):  # type: ignore[no-untyped-def]
    call_command("node", "show")
    out = capsys.readouterr().out
    assert identity.format_fingerprint(node_identity.certificate_fingerprint) in out


def test_fingerprint_parsing_accepts_common_forms():
    hexed = "ab" * 32
    assert identity.parse_fingerprint("SHA256:" + ":".join(["AB"] * 32)) == hexed
    assert identity.parse_fingerprint(hexed.upper()) == hexed
    with pytest.raises(ValueError, match="64 hexadecimal"):
        identity.parse_fingerprint("abc")
