"""Defect 14 of issue 10: the review's chart and PDF are made once per state of what they show, not on
every request (timings are in bench/review.py; here, how many times the work is done)."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(node_identity, outbox):  # type: ignore[no-untyped-def]
    from liaison.agreements.review import chart_cache, pdf_cache
    from liaison.demo.core import load_demo

    load_demo()
    chart_cache.clear()
    pdf_cache.clear()
    return node_identity


def _client(username: str) -> Client:
    from liaison.core.models import Officer

    client = Client(HTTP_HOST="127.0.0.1", secure=True)
    client.force_login(Officer.objects.get(username=username))
    return client


def test_chart_is_drawn_once_per_state_of_its_data(demo, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from liaison.agreements import review, services
    from liaison.agreements.models import Commitment
    from liaison.core.models import Officer

    drawn: list[object] = []
    real = review._draw
    monkeypatch.setattr(review, "_draw", lambda data: drawn.append(data) or real(data))
    client = _client("vn.liaison")
    first = client.get("/agreements/review/?year=2023").content
    second = client.get("/agreements/review/?year=2023").content
    assert len(drawn) == 1
    assert b"<svg" in first and first.count(b"<svg") == second.count(b"<svg")
    # Another language is another chart (its labels differ).
    Officer.objects.filter(username="vn.liaison").update(language="vi")
    _client("vn.liaison").get("/agreements/review/?year=2023")
    assert len(drawn) == 2
    # New progress changes the data: the chart is drawn again.
    liaison = Officer.objects.get(username="vn.liaison")
    commitment = next(
        c
        for c in Commitment.objects.visible_to(liaison).filter(document__plan_year=2023)
        if c.status not in ("done", "dropped") and services.can_update(liaison, c)
    )
    services.check_record_progress(
        commitment, status="done", note="Done.", percent=100, evidence=[], acting_user=liaison
    )
    _client("vn.liaison").get("/agreements/review/?year=2023")
    assert len(drawn) == 3


def test_pdf_is_made_once_per_state_of_the_review(demo, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import weasyprint

    made: list[int] = []
    real = weasyprint.HTML.write_pdf

    def counting(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        made.append(1)
        return real(self, *args, **kwargs)

    monkeypatch.setattr(weasyprint.HTML, "write_pdf", counting)
    client = _client("vn.liaison")
    first = client.get("/agreements/review.pdf?year=2023")
    second = client.get("/agreements/review.pdf?year=2023")
    assert first.status_code == second.status_code == 200
    assert first["Content-Type"] == "application/pdf"
    assert len(made) == 1
    client.get("/agreements/review.pdf?year=2022")
    assert len(made) == 2
