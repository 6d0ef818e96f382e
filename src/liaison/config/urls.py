"""Root URLs: the admin, the API, then every installed Liaison app's pages under its prefix (the app
contract, core/contract.py); an app mounted at "" (web) comes last, as the catch-all root."""

from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path

from liaison.config.api import api
from liaison.core.contract import liaison_apps

urlpatterns: list[URLPattern | URLResolver] = [path("admin/", admin.site.urls), path("api/", api.urls)]
_root: list[URLPattern | URLResolver] = []
for _config in liaison_apps():
    _urlconf = _config.resolved_urlconf()
    if _urlconf is None:
        continue
    (_root if _config.url_prefix == "" else urlpatterns).append(
        path(_config.url_prefix or "", include(_urlconf))
    )
urlpatterns += _root
