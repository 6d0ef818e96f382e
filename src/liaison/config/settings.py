"""One settings module, driven by environment variables (every one is listed in README.md).

The embedded default needs nothing installed: SQLite in WAL mode and the in-memory channel layer.
LIAISON_DATABASE_URL and LIAISON_REDIS_URL move a node to PostgreSQL and Redis.
"""

import os
import secrets
from pathlib import Path

import dj_database_url
import django.conf.locale
from django.utils.translation import gettext_lazy as _

PACKAGE_DIR = Path(__file__).resolve().parent.parent


def env(name: str, default: str = "") -> str:
    return os.environ.get(f"LIAISON_{name}", default)


def env_bool(name: str, default: bool) -> bool:
    return env(name, "1" if default else "0").strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    raw = env(name, str(default))
    try:
        return int(raw)
    except ValueError:
        raise SystemExit(f"LIAISON_{name} must be a whole number, got {raw!r}") from None


# Where this node keeps its database, keys and certificate.
DATA_DIR = Path(env("DATA_DIR", str(Path.cwd() / "var" / "node"))).resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)


def _secret_key() -> str:
    if env("SECRET_KEY"):
        return env("SECRET_KEY")
    # Generated once per node and kept beside its data, so sessions survive restarts.
    key_file = DATA_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = [h for h in env("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]").split(",") if h]
CSRF_TRUSTED_ORIGINS = [o for o in env("CSRF_TRUSTED_ORIGINS", "").split(",") if o]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "channels",
    # Before django_tasks_db: core's `db_worker` command (which requeues orphaned tasks) wins.
    "liaison.core",
    "django_tasks",
    "django_tasks_db",
    "liaison.federation",
    "liaison.agreements",
    "liaison.exchange",
    "liaison.hotline",
    "liaison.cases",
    "liaison.demo",
    "liaison.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "liaison.core.middleware.RequestIdMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last: it is synchronous only, and under ASGI every middleware inside a synchronous one runs
    # in async mode, where Django hands each of its hooks to a thread and back (three extra
    # thread switches per request). Its place after AuthenticationMiddleware is all it needs.
    "liaison.core.middleware.OfficerLanguageMiddleware",
]

ROOT_URLCONF = "liaison.config.urls"
ASGI_APPLICATION = "liaison.config.asgi.application"
WSGI_APPLICATION = None

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "liaison.core.context_processors.node",
                "liaison.core.context_processors.navigation",
            ],
        },
    }
]

DATABASE_URL = env("DATABASE_URL")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60, conn_health_checks=True)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(DATA_DIR / "liaison.sqlite3"),
            # Kept open across requests (`liaison serve` reuses request threads: core.server):
            # opening one costs more than a small request's own work.
            "CONN_MAX_AGE": 600,
            "OPTIONS": {
                # IMMEDIATE: a transaction takes the write lock when it begins, so two writers
                # queue instead of failing with "database is locked" on upgrade.
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "core.Officer"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "login"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
# Failed log-ins before an account is locked, and for how long.
LOCKOUT_THRESHOLD = env_int("LOCKOUT_THRESHOLD", 5)
LOCKOUT_MINUTES = env_int("LOCKOUT_MINUTES", 15)
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_AGE = env_int("SESSION_HOURS", 12) * 3600
SESSION_COOKIE_NAME = env("SESSION_COOKIE_NAME", "liaison_session")
CSRF_COOKIE_NAME = env("CSRF_COOKIE_NAME", "liaison_csrftoken")

# Django ships no Lao locale metadata; register it so the switcher and {% get_language_info %} know it.
django.conf.locale.LANG_INFO.setdefault(
    "lo", {"bidi": False, "code": "lo", "name": "Lao", "name_local": "ລາວ"}
)
FORMAT_MODULE_PATH = ["liaison.formats"]
LANGUAGE_CODE = "en"
LANGUAGES = [("vi", _("Vietnamese")), ("lo", _("Lao")), ("en", _("English")), ("fr", _("French"))]
LANGUAGE_COOKIE_NAME = "liaison_language"
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = env("TIME_ZONE", "Asia/Ho_Chi_Minh")

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
# The embedded default serves static files itself; behind a reverse proxy, set this to 0 and let
# the proxy serve STATIC_ROOT after `liaison collectstatic`.
SERVE_STATIC = env_bool("SERVE_STATIC", True)

REDIS_URL = env("REDIS_URL")
if REDIS_URL:
    CHANNEL_LAYERS = {
        "default": {"BACKEND": "channels_redis.core.RedisChannelLayer", "CONFIG": {"hosts": [REDIS_URL]}}
    }
else:
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# A task claimed by a worker on another machine is taken for lost (requeued) after this long
# running; a worker of this machine that died is noticed at once (core.task_recovery).
TASKS_STALE_AFTER_SECONDS = env_int("TASKS_STALE_AFTER_SECONDS", 15 * 60)

# Outgoing e-mail (hotline notifications): printed on the console unless an SMTP server is named.
EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 15)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "liaison@localhost")

# Federation limits (issue 3): refused with a clear reason when exceeded.
FEDERATION_MAX_BATCH = env_int("MAX_BATCH", 500)
FEDERATION_MAX_ENVELOPE_BYTES = env_int("MAX_ENVELOPE_BYTES", 256 * 1024)
FEDERATION_CLOCK_SKEW_SECONDS = env_int("CLOCK_SKEW_SECONDS", 300)
DATA_UPLOAD_MAX_MEMORY_SIZE = FEDERATION_MAX_BATCH * FEDERATION_MAX_ENVELOPE_BYTES // 4 + 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
MEDIA_ROOT = DATA_DIR / "media"
MAX_EVIDENCE_BYTES = env_int("MAX_EVIDENCE_MB", 20) * 1024 * 1024
# Largest attachment of a message (exchange); it crosses to the peer in chunks under the envelope cap.
MAX_ATTACHMENT_BYTES = env_int("MAX_ATTACHMENT_MB", 50) * 1024 * 1024
# Hit/no-hit queries one officer may ask in any 60 minutes (cases).
CASES_HIT_QUERIES_PER_HOUR = env_int("HIT_QUERIES_PER_HOUR", 30)
# What this node answers, whatever the asking node enforces: a peer that asks more in any 60
# minutes gets "refused" answers (a guard against enumerating the persons this node holds).
CASES_HIT_ANSWERS_PER_PEER_PER_HOUR = env_int("HIT_ANSWERS_PER_PEER_PER_HOUR", 300)
# A node-wide webhook (e.g. a ministry's SMS gateway) for hotline notifications; a unit's own wins.
HOTLINE_WEBHOOK_URL = env("HOTLINE_WEBHOOK_URL")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    # httpx logs every request at INFO: one line per delivered batch is noise in the worker's log.
    "loggers": {"django.server": {"level": "WARNING"}, "httpx": {"level": "WARNING"}},
}
