from django.urls import path

from .consumers import HotlineConsumer

websocket_urlpatterns = [path("ws/hotline/", HotlineConsumer.as_asgi())]
