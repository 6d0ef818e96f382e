"""Need-to-know scope, language preference, and the directory pages."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from liaison.core.access import refusal_text, scope_unit_ids
from liaison.core.models import AuditEvent, AuditEventType, Officer

PASSWORD = "correct-horse-battery"


def test_scope_is_own_unit_and_units_below(make_officer, units):  # type: ignore[no-untyped-def]
    minister = make_officer("vn.admin", unit="VN-MPS", roles=("admin",))
    duty = make_officer("vn.duty", unit="VN-QTR")
    assert scope_unit_ids(duty) == {units["VN-QTR"].pk}
    assert {units["VN-QTR"].pk, units["VN-ICD"].pk, units["VN-MPS"].pk} <= scope_unit_ids(minister)
    assert units["LA-SVK"].pk not in scope_unit_ids(minister)


def test_language_preference_is_saved_audited_and_applied(client, make_officer):  # type: ignore[no-untyped-def]
    officer = make_officer("vn.duty", unit="VN-QTR", language="en")
    client.force_login(officer)
    response = client.post("/language/", {"language": "lo", "next": "/"}, secure=True)
    assert response.status_code == 302
    officer.refresh_from_db()
    assert officer.language == "lo"
    assert AuditEvent.objects.filter(event_type=AuditEventType.LANGUAGE_CHANGED, actor=officer).exists()
    page = client.get("/", secure=True)
    assert page.headers["Content-Language"] == "lo"
    assert '<html lang="lo">' in page.content.decode()


def test_unknown_language_is_refused(client, make_officer):  # type: ignore[no-untyped-def]
    officer = make_officer("vn.duty", unit="VN-QTR")
    client.force_login(officer)
    response = client.post("/language/", {"language": "xx", "next": "/"}, secure=True, follow=True)
    # refused, and says so (an endpoint that did nothing would show no error)
    assert "Choose one of the offered languages." in response.content.decode()
    assert response.redirect_chain == [("/", 302)]
    assert "liaison_language" not in client.cookies
    officer.refresh_from_db()
    assert officer.language == "en"
    assert not AuditEvent.objects.filter(event_type=AuditEventType.LANGUAGE_CHANGED).exists()


def test_pages_need_login(client, db):  # type: ignore[no-untyped-def]
    for url in ("/", "/directory/units/", "/directory/twinnings/"):
        response = client.get(url, secure=True)
        assert response.status_code == 302 and "/login/" in response["Location"], url


def test_unit_directory_tree_and_htmx_filter(client, make_officer, units):  # type: ignore[no-untyped-def]
    client.force_login(make_officer("vn.duty", unit="VN-QTR"))
    page = client.get("/directory/units/", secure=True).content.decode()
    assert "Quang Tri Public Security" in page and "Savannakhet Public Security" in page
    partial = client.get("/directory/units/?party=LA", secure=True, headers={"HX-Request": "true"})
    body = partial.content.decode()
    assert "<html" not in body  # a fragment, not a page
    assert "Savannakhet" in body and "Quang Tri" not in body
    searched = client.get("/directory/units/?q=kon+tum", secure=True).content.decode()
    assert "Kon Tum" in searched and "Savannakhet" not in searched


def test_twinning_pages(client, make_officer, units):  # type: ignore[no-untyped-def]
    from liaison.core import services

    services.do_create_twinning(
        units["VN-QTR"], units["LA-SVK"], is_demo=True, notes={"en": "Demo twinning"}, acting_user=None
    )
    client.force_login(make_officer("vn.duty", unit="VN-QTR"))
    listing = client.get("/directory/twinnings/", secure=True).content.decode()
    assert "Quang Tri Public Security" in listing and "Savannakhet Public Security" in listing
    detail = client.get("/directory/units/VN-QTR/", secure=True).content.decode()
    assert "Savannakhet Public Security" in detail
    assert client.get("/directory/units/NOPE/", secure=True).status_code == 404


def test_twinning_must_cross_parties(units):  # type: ignore[no-untyped-def]
    import pytest
    from django.core.exceptions import ValidationError

    from liaison.core import services

    with pytest.raises(ValidationError):
        services.do_create_twinning(units["VN-QTR"], units["VN-KTM"], acting_user=None)


def test_api_me_and_units(client, make_officer, units):  # type: ignore[no-untyped-def]
    assert client.get("/api/core/me").status_code == 401
    client.force_login(make_officer("vn.duty", unit="VN-QTR", roles=("officer", "duty_officer")))
    me = client.get("/api/core/me").json()
    assert me["party"] == "VN" and me["roles"] == ["duty_officer", "officer"]
    codes = {u["code"] for u in client.get("/api/core/units?party=la").json()}
    assert codes == {"LA-MPS", "LA-ICD", "LA-SVK"}


def test_an_officer_without_a_unit_belongs_to_no_party(client, db):  # type: ignore[no-untyped-def]
    """A node administrator made with `createsuperuser` has no unit, hence no party."""
    client.force_login(Officer.objects.create_superuser("root", "root@example.org", PASSWORD))
    me = client.get("/api/core/me").json()
    assert (me["username"], me["unit"], me["party"]) == ("root", None, None)


def test_an_officer_without_a_unit_sees_no_units_business(client, node_identity):  # type: ignore[no-untyped-def]
    """Need-to-know follows the unit: an account without one (a node administrator made with
    `createsuperuser`) is in no unit's scope, and its hotline pages list nothing rather than fail."""
    root = Officer.objects.create_superuser("root", "root@example.org", PASSWORD)
    assert scope_unit_ids(root) == set()
    client.force_login(root)
    assert client.get("/api/hotline/alerts").json() == []


def test_a_refusal_reads_as_the_services_messages_or_the_roles_reason():  # type: ignore[no-untyped-def]
    assert refusal_text(ValidationError(["Choose a unit.", "Give a date."])) == "Choose a unit. Give a date."
    assert (
        refusal_text(PermissionDenied("Only the case's unit may close it."))
        == "Only the case's unit may close it."
    )
    assert refusal_text(PermissionDenied()) == "Your roles do not allow this action."
    with translation.override("fr"):
        assert refusal_text(PermissionDenied()) == translation.gettext("Your roles do not allow this action.")
        assert refusal_text(PermissionDenied()) != "Your roles do not allow this action."


def test_an_endpoint_for_other_roles_says_why_it_refuses(client, make_officer):  # type: ignore[no-untyped-def]
    client.force_login(make_officer("vn.viewer", unit="VN-QTR", roles=("viewer",)))
    response = client.get("/api/cases/query-figures")
    assert response.status_code == 403
    assert response.json() == {"code": "forbidden", "detail": "Your roles do not allow this action."}


def test_a_page_for_other_roles_says_why_it_refuses(client, make_officer):  # type: ignore[no-untyped-def]
    client.force_login(make_officer("vn.duty", unit="VN-QTR"))
    response = client.get("/federation/peers/", secure=True)
    assert response.status_code == 403
    assert "<p>Your roles do not allow this action.</p>" in response.content.decode()
