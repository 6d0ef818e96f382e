"""liaison worker: deliver the outbox to the peers until stopped (SIGINT or SIGTERM)."""

from __future__ import annotations

import logging
import signal
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from liaison.core.request_context import bind_request_id
from liaison.federation.worker import Worker, WorkerConfig


class Command(BaseCommand):
    help = "Deliver queued envelopes to the peers, in batches, with back-off; runs until interrupted."

    def add_arguments(self, parser: CommandParser) -> None:
        defaults = WorkerConfig()
        parser.add_argument("--batch", type=int, default=defaults.batch_size, help="envelopes per request")
        parser.add_argument(
            "--poll",
            type=float,
            default=defaults.poll_interval,
            help="seconds between looks at an empty queue",
        )
        parser.add_argument(
            "--max-backoff",
            type=float,
            default=defaults.max_backoff,
            help="longest wait, in seconds, between attempts to reach a peer that is down",
        )
        parser.add_argument(
            "--max-attempts",
            type=int,
            default=defaults.max_attempts,
            help="refusals of an envelope before it becomes a dead letter",
        )
        parser.add_argument("--once", action="store_true", help="one round over the peers, then exit")

    def handle(self, *args: Any, **options: Any) -> None:
        bind_request_id()
        logging.getLogger("httpx").setLevel(logging.WARNING)  # not one line per batch
        config = WorkerConfig(
            batch_size=max(1, options["batch"]),
            poll_interval=max(0.01, options["poll"]),
            max_backoff=max(0.1, options["max_backoff"]),
            max_attempts=max(1, options["max_attempts"]),
        )
        worker = Worker(config=config)
        if options["once"]:
            try:
                worker.run_once()
            finally:
                worker.close()
            return

        def stop(signum: int, _frame: Any) -> None:
            worker.stop_event.set()
            signal.signal(signum, signal.SIG_DFL)  # a second signal stops at once

        signal.signal(signal.SIGINT, stop)
        signal.signal(signal.SIGTERM, stop)
        self.stdout.write("worker started; Ctrl-C stops it")
        self.stdout.flush()
        worker.run()
