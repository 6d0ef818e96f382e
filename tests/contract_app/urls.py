from django.http import HttpRequest, HttpResponse
from django.urls import path

app_name = "contract_demo"


def index(request: HttpRequest) -> HttpResponse:
    return HttpResponse("contract demo page")


urlpatterns = [path("", index, name="index")]
