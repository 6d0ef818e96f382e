from django.urls import path

from liaison.cases import views

app_name = "cases"
urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.case_create, name="case_create"),
    path("<uuid:uid>/", views.case_detail, name="case_detail"),
    path("<uuid:uid>/status/", views.case_status, name="case_status"),
    path("hit/", views.hit_query, name="hit_query"),
    path("hit/<uuid:uid>/", views.hit_result, name="hit_result"),
    path("requests/", views.request_list, name="request_list"),
    path("requests/new/", views.request_create, name="request_create"),
    path("requests/<uuid:uid>/", views.request_detail, name="request_detail"),
    path("queries/daily/", views.query_figures, name="query_figures"),
]
