from django.utils.translation import gettext_lazy as _

from liaison.core.contract import LiaisonAppConfig


class DemoConfig(LiaisonAppConfig):
    """The demo: data drawn from the seed articles, its loader (`liaison demo load`) and the two-node
    runner of `make run`. No pages; each domain app names its own part of the demo through its
    `demo_loader`, and `liaison.demo.core.load_demo` runs them in app order."""

    name = "liaison.demo"
    label = "demo"
    verbose_name = _("Demo")
