"""Issue 10, defect 13: the small ones, as the pages render them."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from liaison.agreements import services

from .conftest import la_signature

pytestmark = pytest.mark.django_db


def _client(officer) -> Client:  # type: ignore[no-untyped-def]
    client = Client(HTTP_HOST="127.0.0.1", secure=True)
    client.force_login(officer)
    return client


def _tag(html: str, element_id: str) -> str:
    match = re.search(rf'<[a-z]+[^>]*id="{element_id}"[^>]*>', html)
    assert match, element_id
    return match.group(0)


def test_a_meetings_page_leads_to_drafting_its_minutes_with_the_meeting_filled_in(meeting, vn):  # type: ignore[no-untyped-def]
    client = _client(vn["liaison"])
    page = client.get(f"/agreements/meetings/{meeting.uid}/").content.decode()
    link = re.search(
        r'<a [^>]*id="draft-minutes"[^>]*href="([^"]+)"|<a [^>]*href="([^"]+)"[^>]*id="draft-minutes"', page
    )
    assert link, "no link to draft the minutes"
    form = client.get((link.group(1) or link.group(2)).replace("&amp;", "&")).content.decode()
    assert re.search(rf'<option value="{meeting.uid}" selected>', form)
    assert re.search(r'<option value="minutes" selected>', form)


def test_required_fields_are_marked(vn):  # type: ignore[no-untyped-def]
    html = _client(vn["liaison"]).get("/agreements/meetings/new/").content.decode()
    title = _tag(html, "id_title")
    assert "required" in title and 'aria-required="true"' in title
    assert 'class="required-mark"' in html.split('for="id_title"', 1)[1].split("</label>", 1)[0]
    place = _tag(html, "id_place")
    assert "required" not in place
    document = _client(vn["liaison"]).get("/agreements/documents/new/").content.decode()
    assert 'aria-required="true"' in _tag(document, "id_reference")
    # every description a field points to is on the page (a dangling one fails axe)
    for page in (html, document):
        for ref in re.findall(r'aria-describedby="([^"]+)"', page):
            assert f'id="{ref}"' in page, ref


def test_a_title_over_the_limit_is_refused_with_the_limit_not_cut(vn):  # type: ignore[no-untyped-def]
    client = _client(vn["liaison"])
    html = client.get("/agreements/meetings/new/").content.decode()
    assert "maxlength" not in _tag(html, "id_title")  # the browser would cut a pasted title silently
    page = client.post(
        "/agreements/meetings/new/",
        {
            "kind": "other",
            "title": "Word " * 62 + "Words",
            "starts_on": "2025-03-20",
            "parties": ["VN", "LA"],
        },
    )
    assert page.status_code == 200
    assert "at most 300 characters (it has 315)" in page.content.decode()


@pytest.fixture
def signed_by_la(draft, vn, outbox, la_node_key):  # type: ignore[no-untyped-def]
    services.check_share_document(draft, acting_user=vn["liaison"])
    services.receive_signature(
        la_signature(draft, draft.latest_version, la_node_key=la_node_key), from_party="LA"
    )
    return draft


def test_after_la_signs_vns_latest_version_cell_says_not_signed(signed_by_la, vn):  # type: ignore[no-untyped-def]
    page = _client(vn["liaison"]).get(f"/agreements/documents/{signed_by_la.uid}/").content.decode()
    vn_row = page.split('data-party="VN"', 1)[1].split("</tr>", 1)[0]
    last_cell = vn_row.rsplit("<td>", 1)[1]
    assert "not signed" in last_cell
    la_row = page.split('data-party="LA"', 1)[1].split("</tr>", 1)[0]
    assert "signed " in la_row.rsplit("<td>", 1)[1] and "not signed" not in la_row


def test_an_empty_progress_list_is_not_numbered_and_evidence_has_a_drawn_paperclip(signed_by_la, vn):  # type: ignore[no-untyped-def]
    services.check_sign_version(signed_by_la, 1, acting_user=vn["signatory"])
    commitment = signed_by_la.commitments.get(key="c2")
    client = _client(vn["owner"])
    page = client.get(f"/agreements/commitments/{commitment.uid}/").content.decode()
    assert "No progress recorded yet." in page
    assert not re.search(r"<ol[^>]*>\s*<li[^>]*>\s*No progress", page)  # would read "1. No progress..."
    # a form-level error sits above the fields, not in the grid among them (the layout stays put)
    page = client.post(f"/agreements/commitments/{commitment.uid}/", {"status": "planned"}).content.decode()
    assert "Nothing to record" in page
    assert "Nothing to record" not in page.split('class="form-grid"', 1)[1]
    services.check_record_progress(
        commitment,
        status="in_progress",
        evidence=[services.NewFile("patrol.txt", b"patrol report", "text/plain")],
        acting_user=vn["owner"],
    )
    page = client.get(f"/agreements/commitments/{commitment.uid}/").content.decode()
    evidence = page.split('class="evidence"', 1)[1].split("</div>", 1)[0]
    assert "\U0001f4ce" not in evidence  # no emoji the font lacks
    assert "<svg" in evidence and "patrol.txt" in evidence
