from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from liaison.core import identity


class PeerAddForm(forms.Form):
    url = forms.URLField(
        label=_("Peer URL"), help_text=_("e.g. https://la-node.example:8443"), assume_scheme="https"
    )
    fingerprint = forms.CharField(
        label=_("Certificate fingerprint"),
        max_length=120,
        help_text=_("SHA256:… as the other node's `liaison node show` prints it, received out of band"),
    )
    replace = forms.BooleanField(
        label=_("Replace the pinned identity if this party is pinned already"), required=False
    )

    def clean_url(self) -> str:
        url: str = self.cleaned_data["url"]
        if not url.startswith("https://"):
            raise forms.ValidationError(_("The peer's URL must start with https://."))
        return url.rstrip("/")

    def clean_fingerprint(self) -> str:
        try:
            return identity.parse_fingerprint(self.cleaned_data["fingerprint"])
        except ValueError as exc:
            raise forms.ValidationError(_("A fingerprint is 64 hexadecimal digits (SHA-256).")) from exc
