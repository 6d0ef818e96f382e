"""Liaison's settings plus the throwaway app: the only change a new app needs."""

from liaison.config.settings import *  # noqa: F403
from liaison.config.settings import INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "tests.contract_app"]
