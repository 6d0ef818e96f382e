"""The exchange pages as an officer sees them: code-listed fields in the reader's language, free text
as written with its language named, the sender's translation, receipts on the sender's thread, the
report form, due and overdue periods, the trend chart, the dashboard figures; in the four languages."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils.html import escape

from liaison.core import codelists
from liaison.exchange import services
from liaison.exchange.models import Message, Report

from .conftest import draft, la_message

pytestmark = pytest.mark.django_db

LANGUAGES = ("vi", "lo", "en", "fr")


def _client(officer, language: str = "en") -> Client:  # type: ignore[no-untyped-def]
    from django.conf import settings

    client = Client(HTTP_HOST="127.0.0.1", secure=True)
    client.force_login(officer)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    officer.language = language
    officer.save(update_fields=["language"])
    return client


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_received_message_reads_in_the_readers_language(language, officers, deliver):  # type: ignore[no-untyped-def]
    deliver(("exchange.message.sent.v1", la_message(tlp="green")))
    message = Message.objects.get()
    page = _client(officers["qtr"], language).get(f"/exchange/threads/{message.thread.uid}/")
    text = page.content.decode()
    assert page.status_code == 200
    assert (
        escape(codelists.label("offence", "smuggling_of_goods", language)) in text
    )  # the code list, translated
    assert escape(codelists.label("priority", "urgent", language)) in text
    assert 'lang="lo">ລົດສອງຄັນຂ້າມຊາຍແດນ' in text  # the free text as written, tagged with its language
    assert 'lang="en">Two cars crossed the border' in text  # the sender's translation
    if language == "en":
        assert "Written in Lao" in text
        assert "The sender's translation into English" in text


def test_the_sender_sees_delivery_and_read_receipts(officers, tree, deliver):  # type: ignore[no-untyped-def]
    message = services.check_send_message(
        draft(), recipient_unit=tree["LA-SVK"], subject="Receipts", acting_user=officers["qtr"]
    )
    client = _client(officers["qtr"])
    url = f"/exchange/threads/{message.thread.uid}/"
    assert "Not delivered yet" in client.get(url).content.decode()
    deliver(
        (
            "exchange.message.receipt.v1",
            {"message": str(message.uid), "kind": "delivered", "at": "2026-01-05T02:00:05+00:00"},
        ),
        (
            "exchange.message.receipt.v1",
            {
                "message": str(message.uid),
                "kind": "read",
                "at": "2026-01-05T02:03:00+00:00",
                "by_name": "Bounmy",
            },
        ),
    )
    text = client.get(url).content.decode()
    assert "receipt-delivered" in text and "receipt-read" in text and "Bounmy" in text


def test_compose_and_reply_through_the_pages(officers, tree, sent):  # type: ignore[no-untyped-def]
    client = _client(officers["qtr"])
    assert client.get("/exchange/threads/new/").status_code == 200
    response = client.post(
        "/exchange/threads/new/",
        {
            "recipient_unit": "LA-SVK",
            "subject": "Joint patrol on 12 March",
            "offence": "illegal_border_crossing",
            "tlp": "red",
            "priority": "routine",
            "legal_basis": "Border regulation agreement",
            "named_recipients": "LA:la.duty, VN:vn.qtr_duty",
            "language": "vi",
            "body": "Đề nghị tuần tra song phương ngày 12/3.",
            "translation_language": "lo",
            "translation": "ສະເໜີລາດຕະເວນຮ່ວມວັນທີ 12/3.",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    payload = sent("exchange.message.sent.v1")[0]["message"]
    assert payload["named_recipients"] == [
        {"party": "LA", "username": "la.duty"},
        {"party": "VN", "username": "vn.qtr_duty"},
    ]
    assert payload["translation_language"] == "lo"


def test_report_form_states_and_chart(officers, tree):  # type: ignore[no-untyped-def]
    schedule = services.check_save_schedule(
        titles={"en": "Monthly border situation report"},
        reporting_unit=tree["VN-QTR"],
        recipient_unit=tree["LA-SVK"],
        starts_on=dt.date.today().replace(day=1) - dt.timedelta(days=100),
        acting_user=officers["qtr_duty"],
    )
    client = _client(officers["qtr"])
    url = f"/exchange/reports/{schedule.uid}/"
    page = client.get(url).content.decode()
    assert 'id="report-form"' in page and "state-overdue" in page
    periods = schedule.period_starts(dt.date.today())
    for i, start in enumerate(periods[:2]):
        form = {
            "period": start.isoformat(),
            "crossings": str(10000 + i),
            "incidents": "2",
            "language": "vi",
            "narrative": "Ổn định.",
            "seizures_drug_trafficking": "3",
        }
        assert client.post(url, form).status_code == 302
    assert Report.objects.filter(schedule=schedule).count() == 2
    page = client.get(url).content.decode()
    assert "<svg" in page and "state-filed" in page
    report = Report.objects.filter(schedule=schedule).first()
    assert report is not None and report.seizures == {"drug_trafficking": 3}
    detail = _client(officers["qtr"], "fr").get(f"/exchange/reports/filed/{report.uid}/").content.decode()
    assert "Trafic de stupéfiants" in detail and 'lang="vi">Ổn định.' in detail
    # A viewer of the reporting unit sees the schedule but no form, and cannot file.
    other = _client(officers["viewer"])
    assert 'id="report-form"' not in other.get(url).content.decode()
    assert other.post(url, {"period": periods[-1].isoformat()}).status_code == 403


def test_dashboard_shows_unanswered_messages_and_overdue_reports(officers, tree, deliver):  # type: ignore[no-untyped-def]
    deliver(("exchange.message.sent.v1", la_message(tlp="amber")))
    services.check_save_schedule(
        titles={"en": "Overdue one"},
        reporting_unit=tree["VN-QTR"],
        recipient_unit=tree["LA-SVK"],
        starts_on=dt.date.today().replace(day=1) - dt.timedelta(days=100),
        acting_user=officers["qtr_duty"],
    )
    text = _client(officers["qtr"]).get("/").content.decode()
    assert "1 thread awaits your unit" in text and "Crossings at Dansavanh" in text
    assert "overdue report" in text and "Overdue one" in text
    figures = _client(officers["qtr"]).get("/api/exchange/figures").json()
    assert figures["unanswered_messages"] == 1 and figures["overdue_reports"] >= 2
    # once Quang Tri answers, the thread no longer waits
    services.check_send_message(draft(), thread=Message.objects.get().thread, acting_user=officers["qtr"])
    assert _client(officers["qtr"]).get("/api/exchange/figures").json()["unanswered_messages"] == 0


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_page_renders_in_each_language(language, officers, tree, deliver):  # type: ignore[no-untyped-def]
    deliver(("exchange.message.sent.v1", la_message(tlp="clear")))
    schedule = services.check_save_schedule(
        titles={"en": "Monthly"},
        reporting_unit=tree["VN-QTR"],
        recipient_unit=tree["LA-SVK"],
        starts_on=dt.date(2025, 1, 1),
        acting_user=officers["qtr_duty"],
    )
    client = _client(officers["qtr_duty"], language)
    thread = Message.objects.get().thread
    for url in (
        "/",
        "/exchange/",
        "/exchange/threads/new/",
        f"/exchange/threads/{thread.uid}/",
        "/exchange/reports/",
        "/exchange/reports/new/",
        f"/exchange/reports/{schedule.uid}/",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert f'<html lang="{language}">' in response.content.decode(), url
