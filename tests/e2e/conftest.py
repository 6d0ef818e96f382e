"""Two real node processes, started exactly as `make run` starts them (DemoRunner), on free ports."""

from __future__ import annotations

import ssl
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from liaison.demo.runner import DemoRunner, NodeProcess, free_port


@pytest.fixture(scope="session")
def two_nodes(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DemoRunner]:
    base = tmp_path_factory.mktemp("demo")
    runner = DemoRunner(base_dir=base, ports={"VN": free_port(), "LA": free_port()})
    try:
        runner.start()
        yield runner
    finally:
        runner.stop()


def pinned_client(node: NodeProcess) -> httpx.Client:
    """An HTTPS client that trusts exactly this node's self-signed certificate (real verification)."""
    context = ssl.create_default_context(cafile=str(Path(node.data_dir) / "keys" / "tls_cert.pem"))
    return httpx.Client(base_url=node.url, verify=context, timeout=15, follow_redirects=False)


def login(client: httpx.Client, username: str, password: str) -> httpx.Response:
    page = client.get("/login/")
    assert page.status_code == 200
    token = next((v for k, v in client.cookies.items() if k.startswith("liaison_csrftoken")), None)
    assert token, "the log-in page sets a CSRF cookie"
    return client.post(
        "/login/",
        data={"username": username, "password": password, "csrfmiddlewaretoken": token},
        headers={"Referer": f"{client.base_url}/login/"},
    )
