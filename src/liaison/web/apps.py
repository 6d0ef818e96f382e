from django.utils.translation import gettext_lazy as _

from liaison.core.contract import LiaisonAppConfig


class WebConfig(LiaisonAppConfig):
    """The shell: log-in, the dashboard, the language switch, the base layout and error pages.
    Mounted at the root, after every other app."""

    name = "liaison.web"
    label = "web"
    verbose_name = _("Web")
    url_prefix = ""
