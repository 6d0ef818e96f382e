from django.urls import path

from liaison.core import views

app_name = "core"
urlpatterns = [
    path("units/", views.unit_directory, name="unit_directory"),
    path("units/<str:code>/", views.unit_detail, name="unit_detail"),
    path("twinnings/", views.twinning_list, name="twinning_list"),
]
