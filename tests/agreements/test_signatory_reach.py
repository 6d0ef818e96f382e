"""Issue 10, defect 2: the pages show which officials can sign, and sharing warns about the others."""

from __future__ import annotations

import html

import pytest
from django.test import Client

from liaison.agreements import services

from .conftest import la_signature

pytestmark = pytest.mark.django_db


def _client(officer) -> Client:  # type: ignore[no-untyped-def]
    client = Client(HTTP_HOST="127.0.0.1", secure=True)
    client.force_login(officer)
    return client


def _label(page: str, name: str) -> str:
    """The text of the first <option> that names `name`."""
    option = next(o for o in page.split("<option")[1:] if name in o).split("</option>", 1)[0]
    return html.unescape(option.split(">", 1)[1]).strip()


@pytest.fixture
def keyless_vn(parties):  # type: ignore[no-untyped-def]
    from liaison.core import services as core

    return core.do_save_official(
        "to_lam", party=parties["VN"], name="Tô Lâm", variants=[], titles={}, ranks={}, acting_user=None
    )


def test_the_signatory_lists_say_who_can_sign(vn, keyless_vn, draft, la_node_key, outbox):  # type: ignore[no-untyped-def]
    client = _client(vn["liaison"])
    page = client.get("/agreements/documents/new/").content.decode()
    assert _label(page, "Lương Tam Quang") == "Lương Tam Quang — can sign on this node"
    assert _label(page, "Tô Lâm") == "Tô Lâm — no signatory account on this node"
    assert _label(page, "Kongthong Phongvichit") == (
        "Kongthong Phongvichit — not known here whether they can sign on Laos's node"
    )
    # once the LA node has sent a key it attested (with a signature), LA's official is known to sign
    services.check_share_document(draft, acting_user=vn["liaison"])
    services.receive_signature(
        la_signature(draft, draft.latest_version, la_node_key=la_node_key), from_party="LA"
    )
    page = client.get("/agreements/documents/new/").content.decode()
    assert _label(page, "Kongthong Phongvichit") == "Kongthong Phongvichit — signatory key attested by Laos"
    # the document's signature table says the same
    page = client.get(f"/agreements/documents/{draft.uid}/").content.decode()
    assert "can sign on this node" in page.split('data-party="VN"', 1)[1].split("</tr>", 1)[0]


def test_sharing_warns_when_a_designated_signatory_cannot_sign(vn, keyless_vn, parties, officials, outbox):  # type: ignore[no-untyped-def]
    from .conftest import undertakings

    document = services.check_create_document(
        reference="VN-LA-MIN-REACH",
        kind="minutes",
        parties=[parties["VN"], parties["LA"]],
        signatories={"VN": keyless_vn, "LA": officials["LA"]},
        titles={"en": "Minutes"},
        working_language="en",
        texts={"en": "Article 1", "vi": "Điều 1", "lo": "ມາດຕາ 1"},
        undertakings=undertakings(),
        acting_user=vn["liaison"],
    )
    client = _client(vn["liaison"])
    before = client.get(f"/agreements/documents/{document.uid}/").content.decode()
    assert "Tô Lâm has no signatory account on this node" in before
    page = client.post(f"/agreements/documents/{document.uid}/share/", follow=True).content.decode()
    assert "Shared with the other parties." in page
    warnings = [
        html.unescape(w.split(">", 1)[1].split("</", 1)[0]).strip() for w in page.split("flash-warning")[1:]
    ]
    assert sorted(warnings) == [
        "Laos's node has not told this node that Kongthong Phongvichit can sign there: check with Laos that "
        "Kongthong Phongvichit has a signatory account.",
        "Tô Lâm has no signatory account on this node: nobody can sign for Vietnam until an administrator "
        "links one to them, or a revision designates another signatory.",
    ]


def test_who_can_sign_follows_each_officials_own_keys(
    vn, keyless_vn, draft, la_node_key, make_officer, outbox
):  # type: ignore[no-untyped-def]
    """Accounts linked in another order than the officials were made, a holder unlinked, a key whose
    private half is not here: each official's label follows that official's keys only."""
    from liaison.agreements.models import SignatoryKey

    holder = make_officer("vn.to_lam", unit="VN-MPS", roles=("liaison",))
    services.do_register_signatory(holder, keyless_vn, acting_user=None)
    services.check_share_document(draft, acting_user=vn["liaison"])
    services.receive_signature(
        la_signature(draft, draft.latest_version, la_node_key=la_node_key), from_party="LA"
    )
    client = _client(vn["liaison"])
    page = client.get("/agreements/documents/new/").content.decode()
    assert _label(page, "Tô Lâm") == "Tô Lâm — can sign on this node"
    assert _label(page, "Lương Tam Quang") == "Lương Tam Quang — can sign on this node"
    assert _label(page, "Kongthong Phongvichit") == "Kongthong Phongvichit — signatory key attested by Laos"
    # an administrator unlinks Tô Lâm's holder; Lương Tam Quang's key file is gone from this node
    SignatoryKey.objects.filter(official=keyless_vn).update(officer=None)
    SignatoryKey.objects.filter(officer=vn["signatory"]).update(key_file="")
    page = client.get("/agreements/documents/new/").content.decode()
    assert _label(page, "Tô Lâm") == "Tô Lâm — no signatory account on this node"
    assert _label(page, "Lương Tam Quang") == "Lương Tam Quang — no signatory account on this node"
