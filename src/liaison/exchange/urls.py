from django.urls import path

from liaison.exchange import views

app_name = "exchange"
urlpatterns = [
    path("", views.thread_list, name="thread_list"),
    path("threads/new/", views.thread_create, name="thread_create"),
    path("threads/<uuid:uid>/", views.thread_detail, name="thread_detail"),
    path("threads/<uuid:uid>/reply/", views.thread_reply, name="thread_reply"),
    path("messages/<uuid:uid>/widen/", views.message_widen, name="message_widen"),
    path("widen/<uuid:uid>/decide/", views.widen_decide, name="widen_decide"),
    path("attachments/<uuid:uid>/", views.attachment_download, name="attachment_download"),
    path("reports/", views.schedule_list, name="schedule_list"),
    path("reports/new/", views.schedule_create, name="schedule_create"),
    path("reports/<uuid:uid>/", views.schedule_detail, name="schedule_detail"),
    path("reports/filed/<uuid:uid>/", views.report_detail, name="report_detail"),
]
