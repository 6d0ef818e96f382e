"""The demo history as a reader meets it through the test client, in a chosen language (issue 10)."""

from __future__ import annotations

import html
import re

from django.test import Client


def load_demo_history() -> None:
    from liaison.demo.core import load_demo

    load_demo()


def client_as(username: str, language: str = "en") -> Client:
    """A logged-in client of a demo officer who reads `language` (the officer's saved language wins)."""
    from liaison.core.models import Officer

    Officer.objects.filter(username=username).update(language=language)
    client = Client(HTTP_HOST="127.0.0.1", secure=True)
    client.force_login(Officer.objects.get(username=username))
    return client


def visible_text(page: str, language: str = "") -> str:
    """The visible text of a page: no tags, scripts, styles or attribute values. With `language`,
    without the content marked as written in another one (a note written in English, say)."""
    page = re.sub(r"<(script|style|svg)\b.*?</\1>", " ", page, flags=re.S)
    if language:
        # the seed articles' sentences, quoted verbatim as the demo's sources (in English or French)
        page = re.sub(r'<blockquote class="source[^"]*">.*?</blockquote>', " ", page, flags=re.S)
        page = re.sub(
            rf'<(div|p|span|td|li)\b[^>]*\slang="(?!{language}")[a-z-]+"[^>]*>.*?</\1>', " ", page, flags=re.S
        )
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", page)))
