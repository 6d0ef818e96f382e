from django.urls import path

from liaison.federation.views import pages, protocol

app_name = "federation"
urlpatterns = [
    # node to node (mutual TLS, see views/protocol.py)
    path("v1/identity", protocol.identity_document, name="identity"),
    path("v1/inbox", protocol.inbox_view, name="inbox"),
    path("v1/manifests", protocol.manifest_list, name="manifests"),
    path("v1/manifests/<str:day>/<str:direction>", protocol.manifest_ids, name="manifest_ids"),
    # pages for the node administrator
    path("peers/", pages.peer_list, name="peer_list"),
    path("peers/add/", pages.peer_add, name="peer_add"),
    path("peers/<str:code>/", pages.peer_detail, name="peer_detail"),
    path("peers/<str:code>/remove/", pages.peer_remove, name="peer_remove"),
    path(
        "peers/<str:code>/dead-letters/<str:envelope_id>/retry/",
        pages.dead_letter_retry,
        name="dead_letter_retry",
    ),
]
