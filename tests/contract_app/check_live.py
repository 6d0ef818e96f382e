"""Run in a fresh process with DJANGO_SETTINGS_MODULE=tests.contract_app.settings: prints, as JSON,
what a user and a peer see of the throwaway app."""

from __future__ import annotations

import asyncio
import datetime as dt
import json

import django

django.setup()

from asgiref.sync import sync_to_async  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402

from liaison.core import services  # noqa: E402
from liaison.federation import catalogue  # noqa: E402
from liaison.federation.public import IncomingEnvelope  # noqa: E402

call_command("migrate", verbosity=0)
party = services.do_save_party("VN", names={"en": "Vietnam"}, language="vi", acting_user=None)
unit = services.do_save_unit("VN-X", party=party, kind="ministry", names={"en": "X"}, acting_user=None)
services.do_create_officer(
    "tester", password="correct-horse-battery", unit=unit, roles=["officer"], full_name="T", acting_user=None
)
client = Client(HTTP_HOST="127.0.0.1", secure=True)
client.login(username="tester", password="correct-horse-battery")
seen: dict[str, object] = {}
page = client.get("/contract-demo/")
seen["page"] = [page.status_code, page.content.decode()]
api = client.get("/api/contract_demo/hello")
seen["api"] = [api.status_code, api.json() if api.status_code == 200 else api.content.decode()[:300]]
dashboard = client.get("/").content.decode()
seen["panel"] = "Contract demo panel body" in dashboard
seen["nav"] = 'href="/contract-demo/"' in dashboard

entry = catalogue.lookup("contract_demo.thing.v1")
payload = catalogue.validate(entry, {"name": "delivered"})
entry.apply(
    IncomingEnvelope("x", "LA", "VN", entry.wire_type, dt.datetime.now(dt.UTC), {"name": "delivered"}),
    payload,
)
from tests.contract_app.envelopes import APPLIED  # noqa: E402
from tests.ws import WebsocketClient  # noqa: E402

seen["applied"] = APPLIED
seen["documented"] = "## `contract_demo.thing.v1`" in catalogue.render_markdown()


async def socket(origin: bytes) -> bool:
    from liaison.config.asgi import application

    session = await sync_to_async(lambda: client.cookies["liaison_session"].value)()
    cookie = b"liaison_session=" + session.encode()
    headers = [(b"origin", origin), (b"host", b"127.0.0.1"), (b"cookie", cookie)]
    connected, _code = await WebsocketClient(application, "/ws/contract-demo/", headers=headers).connect()
    return connected


seen["socket_same_origin"] = asyncio.run(socket(b"https://127.0.0.1"))
seen["socket_foreign_origin"] = asyncio.run(socket(b"https://evil.example"))
print(json.dumps(seen))
