"""liaison serve: run this node over HTTPS (uvicorn), accepting pinned peers' client certificates."""

from __future__ import annotations

import asyncio
import ssl
from collections.abc import Callable
from typing import Any

import uvicorn
import uvloop
from django.core.management.base import BaseCommand, CommandError, CommandParser

from liaison.core.node import local_node_or_none, tls_cert_file
from liaison.core.server import ClientCertProtocol, PeerTrust


class Command(BaseCommand):
    help = "Serve the web UI, the JSON API and the federation inbox over HTTPS."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8443)
        parser.add_argument("--workers", type=int, default=1, help="only 1 is supported in-process")

    def handle(self, *args: Any, **options: Any) -> None:
        local = local_node_or_none()
        node = local.identity if local else None
        if node is None:
            raise CommandError("this node is not initialised: run `liaison node init` first")
        trust = PeerTrust(certfile=tls_cert_file(node), keyfile=node.tls_key_file)
        trust.refresh()

        def factory(_config: uvicorn.Config, _default: Callable[[], ssl.SSLContext]) -> ssl.SSLContext:
            return trust.context

        config = uvicorn.Config(
            "liaison.config.asgi:application",
            host=options["host"],
            port=options["port"],
            http=ClientCertProtocol,
            ssl_context_factory=factory,
            lifespan="off",
            log_level="warning",
            timeout_graceful_shutdown=5,
        )
        server = uvicorn.Server(config)

        async def run() -> None:
            watcher = asyncio.create_task(trust.watch())
            try:
                await server.serve()
            finally:
                watcher.cancel()

        self.stdout.write(f"node {node.party.code} serving on https://{options['host']}:{options['port']}")
        self.stdout.flush()
        # uvloop (pinned with uvicorn): its event loop and TLS are compiled, where asyncio's are
        # Python; with asyncio's, the loop's own work was half of a small federation request.
        uvloop.run(run())
