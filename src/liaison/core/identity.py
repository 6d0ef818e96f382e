"""Key material of a node: an Ed25519 key that signs envelopes and documents, and an ECDSA P-256
TLS certificate (self-signed; peers pin it by SHA-256 fingerprint). ECDSA rather than Ed25519 for
TLS because browsers do not accept Ed25519 certificates."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import ipaddress
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519
from cryptography.x509.oid import NameOID


@dataclass(frozen=True)
class KeyFiles:
    signing_key: Path
    tls_key: Path
    tls_cert: Path


def key_files(data_dir: Path) -> KeyFiles:
    keys = data_dir / "keys"
    return KeyFiles(keys / "signing_ed25519.pem", keys / "tls_key.pem", keys / "tls_cert.pem")


def _write_private(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.touch(mode=0o600, exist_ok=True)
    path.write_bytes(data)
    path.chmod(0o600)


def generate(data_dir: Path, party_code: str, hostnames: list[str]) -> KeyFiles:
    """Create the key pair and certificate under data_dir/keys (refuses to overwrite)."""
    files = key_files(data_dir)
    for path in (files.signing_key, files.tls_key, files.tls_cert):
        if path.exists():
            raise FileExistsError(f"{path} exists already: this node has keys")
    signing = ed25519.Ed25519PrivateKey.generate()
    _write_private(
        files.signing_key,
        signing.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        ),
    )
    tls_key = ec.generate_private_key(ec.SECP256R1())
    _write_private(
        files.tls_key,
        tls_key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        ),
    )
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Liaison"),
            x509.NameAttribute(NameOID.COMMON_NAME, f"Liaison node {party_code}"),
        ]
    )
    alt_names: list[x509.GeneralName] = []
    for host in hostnames:
        try:
            alt_names.append(x509.IPAddress(ipaddress.ip_address(host)))
        except ValueError:
            alt_names.append(x509.DNSName(host))
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(tls_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=825))
        .add_extension(x509.SubjectAlternativeName(alt_names), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.ExtendedKeyUsage(
                [x509.oid.ExtendedKeyUsageOID.SERVER_AUTH, x509.oid.ExtendedKeyUsageOID.CLIENT_AUTH]
            ),
            critical=False,
        )
        .sign(tls_key, hashes.SHA256())
    )
    files.tls_cert.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return files


def load_signing_key(path: Path | str) -> ed25519.Ed25519PrivateKey:
    key = serialization.load_pem_private_key(Path(path).read_bytes(), password=None)
    if not isinstance(key, ed25519.Ed25519PrivateKey):
        raise ValueError(f"{path} does not hold an Ed25519 private key")
    return key


def public_key_b64(key: ed25519.Ed25519PrivateKey) -> str:
    raw = key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return base64.b64encode(raw).decode()


def cert_fingerprint(cert_pem: str | bytes) -> str:
    data = cert_pem.encode() if isinstance(cert_pem, str) else cert_pem
    cert = x509.load_pem_x509_certificate(data)
    return hashlib.sha256(cert.public_bytes(serialization.Encoding.DER)).hexdigest()


def format_fingerprint(hex_digest: str) -> str:
    return "SHA256:" + hex_digest.upper()


def parse_fingerprint(text: str) -> str:
    """Accepts 'SHA256:AB:CD…', 'ab cd …' or plain hex; returns 64 lowercase hex digits."""
    cleaned = text.strip()
    if cleaned.upper().startswith("SHA256:"):
        cleaned = cleaned[7:]
    cleaned = cleaned.replace(":", "").replace(" ", "").lower()
    if len(cleaned) != 64 or any(c not in "0123456789abcdef" for c in cleaned):
        raise ValueError("a fingerprint is 64 hexadecimal digits (SHA-256), as `liaison node show` prints it")
    return cleaned
