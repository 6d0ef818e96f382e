from django.urls import path

from . import views

app_name = "hotline"
urlpatterns = [
    path("", views.index, name="index"),
    path("panel/", views.panel, name="panel"),
    path("alerts/new/", views.alert_create, name="alert_create"),
    path("alerts/<uuid:uid>/", views.alert_detail, name="alert_detail"),
    path("alerts/<uuid:uid>/acknowledge/", views.alert_acknowledge, name="alert_acknowledge"),
    path("alerts/<uuid:uid>/resolve/", views.alert_resolve, name="alert_resolve"),
    path("figures/", views.figures, name="figures"),
    path("roster/", views.roster, name="roster"),
]
