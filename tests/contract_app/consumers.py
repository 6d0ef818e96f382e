from channels.generic.websocket import WebsocketConsumer
from django.urls import path


class Echo(WebsocketConsumer):
    def connect(self) -> None:
        self.accept()


routes = [path("ws/contract-demo/", Echo.as_asgi())]
