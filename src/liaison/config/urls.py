import importlib.util

from django.contrib import admin
from django.urls import include, path

from liaison.config.api import api

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    path("directory/", include("liaison.core.urls")),
    path("", include("liaison.web.urls")),
]

# Domain apps that are present mount their pages under their label.
for label, prefix in (("federation", "federation/"), ("agreements", "agreements/")):
    if importlib.util.find_spec(f"liaison.{label}.urls") is None:
        continue  # the app has no pages yet
    urlpatterns.insert(-1, path(prefix, include(f"liaison.{label}.urls")))
