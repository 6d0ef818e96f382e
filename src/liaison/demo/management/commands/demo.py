"""liaison demo load | run: the demo data drawn from the seeds, and the two-node demo of `make run`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser


class Command(BaseCommand):
    help = "Load the demo data into this node, or run the two-node demo (VN and LA)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("load", help="load parties, units, twinnings, officials and demo officers")
        run = sub.add_parser("run", help="initialise (once) and start the VN and LA nodes")
        run.add_argument("--base-dir", default="var/demo", help="where the nodes keep their data")
        run.add_argument("--vn-port", type=int, default=8443)
        run.add_argument("--la-port", type=int, default=8444)
        run.add_argument("--host", default="127.0.0.1")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "load":
            from liaison.core.request_context import bind_request_id
            from liaison.demo.core import load_demo

            bind_request_id()
            try:
                summary = load_demo()
            except ValueError as exc:
                raise CommandError(str(exc)) from exc
            self.stdout.write("demo data loaded: " + ", ".join(f"{k} {v}" for k, v in summary.items()))
            return
        from liaison.demo.runner import DemoRunner

        runner = DemoRunner(
            base_dir=Path(options["base_dir"]).resolve(),
            host=options["host"],
            ports={"VN": options["vn_port"], "LA": options["la_port"]},
        )
        raise SystemExit(runner.run_forever())
