"""Acceptance of the hotline (issue 11) across two real nodes (DemoRunner: HTTPS, peered, delivery
workers and django-tasks workers running), with Playwright driving chromium.

1. An LA duty officer has the dashboard open; a VN duty officer raises an alert to that unit; it
   appears on the LA page without a reload within 2 seconds; LA acknowledges; the VN page shows
   the acknowledgement, without a reload.
2. Escalation with a short deadline: nobody acknowledges; each step fires in order on LA and shows
   on the VN page; LA (server, workers) is restarted in the middle: no step is skipped or repeated.
3. Outage: LA is down when the alert is raised; VN shows "Not delivered, retrying"; when LA is back
   the alert arrives, and its deadline counts from its delivery.

These nodes are this module's own (the restarts and settings must not touch other tests' nodes).
Screenshots go to tests/artifacts/hotline-*.png.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from liaison.demo.core_data import DEMO_PASSWORD
from liaison.demo.runner import DemoRunner, NodeProcess, free_port

from .browser import chromium, logged_in
from .conftest import login, pinned_client

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def nodes(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DemoRunner]:
    runner = DemoRunner(
        base_dir=tmp_path_factory.mktemp("hotline"), ports={"VN": free_port(), "LA": free_port()}
    )
    try:
        runner.start()
        for node in runner.nodes.values():
            _wait_for_worker(node)
        yield runner
    finally:
        runner.stop()


def _wait_for_worker(node: NodeProcess, timeout: float = 60.0) -> None:
    """A started delivery worker lists its wake-up port once it runs (it takes seconds to start)."""
    deadline = time.monotonic() + timeout
    while not list((node.data_dir / "wake").glob("*.port")):
        if time.monotonic() > deadline:
            raise AssertionError(f"[{node.party}] the delivery worker did not start")
        time.sleep(0.2)


def _restart(node: NodeProcess) -> None:
    node.start()
    node.wait_ready()
    node.start_worker()
    node.start_tasks()
    _wait_for_worker(node)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium() as b:
        yield b


def _page(browser: Browser, node: NodeProcess, username: str, width: int = 1280) -> Page:
    return logged_in(browser, node.url, username, width=width, language="en")


def _connected(page: Page) -> None:
    page.wait_for_selector("#hotline-live[data-connected]", state="attached", timeout=15000)


def _until(page: Page, url: str, ready: Callable[[Page], bool], timeout: float = 90.0) -> None:
    deadline = time.monotonic() + timeout
    while True:
        response = page.goto(url)
        if response is not None and response.status == 200 and ready(page):
            return
        if time.monotonic() > deadline:
            raise AssertionError(f"{url} not ready after {timeout:.0f}s: {page.inner_text('main')[:1500]}")
        time.sleep(1.0)


def _raise(page: Page, node: NodeProcess, subject: str, kind: str = "cross_border_pursuit") -> str:
    """Raise an alert from the VN page; returns its uid (the VN page is then on the alert's page)."""
    page.goto(f"{node.url}/hotline/alerts/new/")
    page.select_option("#id_to_unit", label="Savannakhet Provincial Public Security Command")
    page.select_option("#id_kind", kind)
    page.select_option("#id_offence_category", "drug_trafficking")
    page.fill("#id_subject", subject)
    page.fill("#id_details", "Grey pick-up heading for the Dansavanh crossing. Test data.")
    page.click("#alert-form button[type=submit]")
    page.wait_for_selector("#alert-live")
    return page.url.rstrip("/").rsplit("/", 1)[1]


def _shell(node: NodeProcess, code: str) -> str:
    return node.liaison("shell", "-c", code, capture=True).stdout


def _configure_la(nodes: DemoRunner, deadline_seconds: int, chain: list[tuple[int, str]]) -> None:
    _shell(
        nodes.nodes["LA"],
        "from liaison.core.models import Twinning, Unit\n"
        "from liaison.hotline import services\n"
        "svk = Unit.objects.get(code='LA-PS-SVK')\n"
        "services.check_set_ack_deadline(Twinning.objects.get(unit_a__code='VN-PS-QTR', unit_b=svk), "
        f"seconds={deadline_seconds}, acting_user=None)\n"
        f"services.check_set_escalation_chain(svk, steps={chain!r}, repeat_times=0, acting_user=None)\n",
    )


def _db(node: NodeProcess) -> sqlite3.Connection:
    return sqlite3.connect(node.data_dir / "liaison.sqlite3", timeout=20)


def _path(nodes: DemoRunner, subject: str) -> str:
    """Where the time went: queued on VN, received and applied on LA, receipt back on VN."""
    with _db(nodes.nodes["VN"]) as vn, _db(nodes.nodes["LA"]) as la:
        (uid, raised) = vn.execute(
            "SELECT uid, raised_at FROM hotline_alert WHERE subject = ?", (subject,)
        ).fetchone()
        queued, receipt = vn.execute(
            "SELECT o.created_at, o.delivered_at FROM federation_outboxenvelope o JOIN hotline_alert a "
            "ON o.id = a.envelope_id WHERE a.uid = ?",
            (uid,),
        ).fetchone()
        applied = la.execute(
            "SELECT delivered_at FROM hotline_alert WHERE subject = ?", (subject,)
        ).fetchone()
    return f"raised {raised}, queued {queued}, applied on LA {applied}, receipt on VN {receipt}"


def _no_sideways_scroll(page: Page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], f"page is {width}px wide"  # type: ignore[index]


# --- 1. live push and acknowledgement ------------------------------------------------------------


def test_alert_appears_live_on_la_and_the_acknowledgement_live_on_vn(
    nodes, browser, artifacts_dir: Path
) -> None:  # type: ignore[no-untyped-def]
    vn_node, la_node = nodes.nodes["VN"], nodes.nodes["LA"]
    la = _page(browser, la_node, "la.duty")
    assert "Hotline alerts awaiting acknowledgement" in la.inner_text("main")
    _connected(la)
    vn = _page(browser, vn_node, "vn.duty")
    subject = f"Pursuit towards Dansavanh {uuid.uuid4().hex[:6]}"
    vn.goto(f"{vn_node.url}/hotline/alerts/new/")
    vn.select_option("#id_to_unit", label="Savannakhet Provincial Public Security Command")
    vn.select_option("#id_kind", "cross_border_pursuit")
    vn.fill("#id_subject", subject)
    la_url = la.url

    started = time.monotonic()
    vn.click("#alert-form button[type=submit]")
    row = la.wait_for_selector(f'#hotline-panel-body li:has-text("{subject}")', timeout=30000)
    elapsed = time.monotonic() - started
    assert elapsed < 2.0, f"the alert took {elapsed:.2f}s to appear on the LA page: {_path(nodes, subject)}"
    assert la.url == la_url, "no reload"
    assert la.evaluate("window.liaisonHotline.events.some(e => e.event === 'raised' && e.incoming)")
    assert subject in la.inner_text("#hotline-announce")  # the visual cue (and screen-reader text)
    la.screenshot(path=str(artifacts_dir / "hotline-1-la-dashboard-live-alert.png"), full_page=True)
    assert row is not None

    vn.wait_for_selector("#alert-live")
    _connected(vn)
    assert "Acknowledged" not in vn.inner_text("#alert-state")
    vn_url = vn.url

    la.click(f'#hotline-panel-body li:has-text("{subject}") button[type=submit]')
    la.wait_for_selector(".flash-success")
    assert "Acknowledged" in la.inner_text("#alert-state")

    vn.wait_for_function(
        "document.getElementById('alert-state').textContent.includes('Acknowledged')", timeout=15000
    )
    assert vn.url == vn_url, "no reload"
    assert "ບຸນມີ ແສງທອງ" in vn.inner_text("#ack-by")  # the LA duty officer who acknowledged
    vn.screenshot(path=str(artifacts_dir / "hotline-2-vn-acknowledged.png"), full_page=True)

    # The same pages fit a phone screen.
    phone = _page(browser, vn_node, "vn.duty", width=375)
    phone.goto(vn_url)
    _no_sideways_scroll(phone)
    phone.goto(f"{vn_node.url}/hotline/")
    _no_sideways_scroll(phone)
    phone.screenshot(path=str(artifacts_dir / "hotline-3-vn-phone.png"), full_page=True)
    phone.context.close()
    la.context.close()
    vn.context.close()


# --- 2. escalation across a restart of the receiving node ---------------------------------------


def test_escalation_steps_fire_in_order_across_a_restart_and_show_on_vn(
    nodes, browser, artifacts_dir: Path
) -> None:  # type: ignore[no-untyped-def]
    vn_node, la_node = nodes.nodes["VN"], nodes.nodes["LA"]
    _configure_la(nodes, 3, [(0, "notify_duty"), (5, "notify_head"), (5, "notify_desk"), (5, "notify_duty")])
    vn = _page(browser, vn_node, "vn.duty")
    uid = _raise(vn, vn_node, f"Escalation drill {uuid.uuid4().hex[:6]}", kind="imminent_threat")
    _connected(vn)

    def steps_done(page: Page) -> int:
        return page.locator('#steps tr[data-state="done"]').count()

    # Step 1 fires on LA at the deadline and shows on the VN page without a reload.
    vn.wait_for_function(
        "document.querySelectorAll('#steps tr[data-state=\"done\"]').length >= 1", timeout=30000
    )
    assert steps_done(vn) == 1
    vn.screenshot(path=str(artifacts_dir / "hotline-4-vn-escalation-step-1.png"), full_page=True)

    # LA goes down (server, delivery worker, task worker) and comes back while steps come due.
    la_node.stop()
    time.sleep(6)
    _restart(la_node)

    _until(vn, vn.url, lambda p: steps_done(p) == 4, timeout=120)
    assert "Not acknowledged in time" in vn.inner_text("#alert-state")
    vn.screenshot(path=str(artifacts_dir / "hotline-5-vn-escalation-all-steps.png"), full_page=True)
    with _db(la_node) as db:
        (alert_id,) = db.execute(
            "SELECT id FROM hotline_alert WHERE uid = ?", (uid.replace("-", ""),)
        ).fetchone()
        fired = [
            json.loads(extra)["position"]
            for (extra,) in db.execute(
                "SELECT extra_data FROM core_auditevent WHERE event_type = 'hotline.alert_escalated' "
                "AND target_id = ? ORDER BY id",
                (str(alert_id),),
            )
        ]
        done = [
            row[0]
            for row in db.execute(
                "SELECT done_at FROM hotline_alertstep WHERE alert_id = ? ORDER BY position", (alert_id,)
            )
        ]
    assert fired == [1, 2, 3, 4], "each step fired once, in order, on the receiving node"
    assert done == sorted(done)
    with _db(vn_node) as db:
        told = [
            json.loads(body)["payload"]["position"]
            for (body,) in db.execute(
                "SELECT body FROM federation_inboxenvelope "
                "WHERE type = 'hotline.alert.escalated.v1' ORDER BY seq"
            )
            if json.loads(body)["payload"]["uid"] == uid
        ]
    assert told == [1, 2, 3, 4], "the sender was told of each step once, in order"
    vn.context.close()


# --- 3. outage: the deadline counts from delivery ------------------------------------------------


def test_an_alert_raised_while_la_is_down_arrives_later_with_its_deadline_from_delivery(
    nodes, browser, artifacts_dir: Path
) -> None:  # type: ignore[no-untyped-def]
    vn_node, la_node = nodes.nodes["VN"], nodes.nodes["LA"]
    _configure_la(nodes, 900, [(0, "notify_duty")])
    la_node.stop()
    vn = _page(browser, vn_node, "vn.duty")
    raised_at = dt.datetime.now(dt.UTC)
    uid = _raise(vn, vn_node, f"Missing child near Lao Bao {uuid.uuid4().hex[:6]}", kind="missing_person")
    _until(vn, vn.url, lambda p: "Not delivered, retrying" in p.inner_text("#delivery-state"), timeout=60)
    _connected(vn)
    vn.screenshot(path=str(artifacts_dir / "hotline-6-vn-not-delivered-retrying.png"), full_page=True)
    time.sleep(3)  # the outage lasts a while after the alert was raised

    back_at = dt.datetime.now(dt.UTC)
    _restart(la_node)
    # The VN page learns of the delivery live (the delivery envelope comes back from LA).
    vn.wait_for_function(
        "!document.getElementById('delivery-state').textContent.includes('retrying')", timeout=120000
    )
    assert "counts from delivery" not in vn.inner_text("#deadline")
    vn.screenshot(path=str(artifacts_dir / "hotline-7-vn-delivered-after-outage.png"), full_page=True)

    with pinned_client(la_node) as client:
        assert login(client, "la.duty", DEMO_PASSWORD).status_code == 302
        alert = client.get(f"/api/hotline/alerts/{uid}").json()
    delivered = dt.datetime.fromisoformat(alert["delivered_at"])
    deadline = dt.datetime.fromisoformat(alert["deadline_at"])
    assert alert["incoming"] and alert["state"] in ("delivered", "escalating")
    assert delivered >= back_at > raised_at, "delivered only once LA was back"
    assert deadline - delivered == dt.timedelta(seconds=900), "the deadline counts from delivery"
    vn.context.close()
