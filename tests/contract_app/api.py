from django.http import HttpRequest
from ninja import Router

router = Router(tags=["contract_demo"])


@router.get("/hello")
def hello(request: HttpRequest) -> dict[str, str]:
    return {"hello": "contract"}
