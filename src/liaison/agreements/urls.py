from django.urls import path

from liaison.agreements import views

app_name = "agreements"
urlpatterns = [
    path("", views.index, name="index"),
    path("meetings/new/", views.meeting_create, name="meeting_create"),
    path("meetings/<uuid:uid>/", views.meeting_detail, name="meeting_detail"),
    path("documents/new/", views.document_create, name="document_create"),
    path("documents/<uuid:uid>/", views.document_detail, name="document_detail"),
    path("documents/<uuid:uid>/edit/", views.document_edit, name="document_edit"),
    path("documents/<uuid:uid>/share/", views.document_share, name="document_share"),
    path("documents/<uuid:uid>/sign/", views.document_sign, name="document_sign"),
    path("documents/<uuid:uid>/verify/", views.document_verify, name="document_verify"),
    path("documents/<uuid:uid>/diff/", views.document_diff, name="document_diff"),
    path("commitments/", views.commitment_list, name="commitment_list"),
    path("commitments/<uuid:uid>/", views.commitment_detail, name="commitment_detail"),
    path("files/<uuid:uid>/", views.file_download, name="file_download"),
    path("review/", views.review_page, name="review"),
    path("review.pdf", views.review_pdf, name="review_pdf"),
]
