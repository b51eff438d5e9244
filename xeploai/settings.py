"""Settings for Xếp loại, read from environment variables with safe defaults.

DEBUG is off unless asked; serving (wsgi.py) needs SECRET_KEY outside DEBUG, commands make their own key once into
DATA_DIR; SQLite in DATA_DIR by default, PostgreSQL (or any database) through DATABASE_URL. A wrong variable is a
ConfigError: one Vietnamese line naming it.
"""

from __future__ import annotations

import datetime
import os
import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from xstatic.pkg import bootstrap as xstatic_bootstrap

BASE_DIR = Path(__file__).resolve().parent.parent


class ConfigError(ImproperlyConfigured):
    """A missing or wrong environment variable: manage.py and wsgi.py print its one line, never a traceback."""


def envbool(name: str, default: str = "False") -> bool:
    value = os.environ.get(name, default).strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"", "0", "false", "no", "off"}:
        return False
    raise ConfigError(f"Biến môi trường {name} phải là 1 hoặc 0 (bật/tắt), không phải {value!r}.")


def envint(name: str, default: int, minimum: int = 0) -> int:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        number = int(value)
    except ValueError:
        raise ConfigError(f"Biến môi trường {name} phải là một số nguyên, không phải {value!r}.") from None
    if number < minimum:
        raise ConfigError(f"Biến môi trường {name} phải từ {minimum} trở lên, không phải {number}.")
    return number


def envlist(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def local_secret_key(data_dir: Path) -> str:
    """A key made once into DATA_DIR/secret_key (mode 0600) for commands run without SECRET_KEY.

    Serving without SECRET_KEY is refused by wsgi.py: hosts behind one proxy must share one key. Where DATA_DIR
    cannot be written, the key lives only as long as this process (a command signs nothing that must outlive it).
    """
    path = data_dir / "secret_key"
    for _ in range(2):
        try:
            key = path.read_text(encoding="ascii").strip()
            if len(key) >= 50:
                return key
        except (OSError, UnicodeDecodeError):
            pass
        try:
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            continue  # made by another process a moment ago (or unreadable): read it once more
        except OSError:
            break
        with os.fdopen(descriptor, "w", encoding="ascii") as handle:
            handle.write(secrets.token_urlsafe(60))
    return secrets.token_urlsafe(60)


def data_dir() -> Path:
    path = Path(os.environ.get("DATA_DIR", "").strip() or BASE_DIR / "data")
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise ConfigError(f"Không tạo được thư mục DATA_DIR={path}: {error.strerror or error}.") from None
    return path


DEBUG = envbool("DEBUG")
TESTING = envbool("TESTING")  # set by `make test`: plain HTTP, a fast password hash; static files as in production
DATA_DIR = data_dir()
SECRET_KEY = os.environ.get("SECRET_KEY", "").strip()
SECRET_KEY_FROM_ENV = bool(SECRET_KEY)  # wsgi.py refuses to serve without it unless DEBUG
if not SECRET_KEY:
    SECRET_KEY = local_secret_key(DATA_DIR)
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "simple_history",
    "rules.apps.AutodiscoverRulesConfig",
    "axes",
    "xeploai.orgs",
    "xeploai.reviews",
    "xeploai.reports",
    "xeploai.dashboard",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
    "xeploai.security.SecurityHeadersMiddleware",
]

ROOT_URLCONF = "xeploai.urls"
WSGI_APPLICATION = "xeploai.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "xeploai.orgs.context_processors.user_roles",
                "xeploai.security.session_context",
            ],
        },
    },
]

def database() -> dict:
    try:
        return dj_database_url.config(
            default=f"sqlite:///{DATA_DIR / 'xeploai.sqlite3'}",
            conn_max_age=envint("DB_CONN_MAX_AGE", 60),
            conn_health_checks=True,
        )
    except (ValueError, KeyError) as error:
        raise ConfigError(f"Biến môi trường DATABASE_URL không đúng dạng postgres://người-dùng:mật-khẩu@máy:5432/tên-csdl"
                          f" ({error}).") from None


DATABASES = {"default": database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if TESTING:  # tests create many users: a fast hash keeps them quick (never used outside `make test`)
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# A reverse proxy in front (README: nginx terminating HTTPS): only then are its X-Forwarded-* headers believed.
BEHIND_PROXY = envbool("BEHIND_PROXY")
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Failed logins (django-axes): a username is locked after AXES_FAILURE_LIMIT failures from anywhere, and an address
# after as many failures whatever the usernames (password spraying). The client address is the socket's, or with
# BEHIND_PROXY the last address the proxy appended to X-Forwarded-For (a client cannot forge that one).
AXES_FAILURE_LIMIT = envint("AXES_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_MINUTES = envint("AXES_COOLOFF_MINUTES", 15, minimum=1)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=AXES_COOLOFF_MINUTES)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_CLIENT_IP_CALLABLE = "xeploai.security.client_ip"
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# Failures are not wiped by a successful login: with locks per username and per address, a reset would clear the
# address's count too, so anyone with an account could guess 4 passwords of another, sign in as themselves and go
# on. Failures expire after the cool-off instead.
AXES_RESET_ON_SUCCESS = False

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt")]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["xeploai.formats"]

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", DATA_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static", ("bootstrap", xstatic_bootstrap.BASE_DIR)]
# Production storage everywhere but DEBUG: hashed names from a manifest, compressed copies, far-future caching.
# The tests build the manifest once per session (tests/conftest.py), so a file collectstatic cannot process fails
# there first. DEBUG (`make run`) serves from the finders without collecting.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG
MEDIA_ROOT = DATA_DIR / "media"
MEDIA_URL = "media/"

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Security: safe by default outside DEBUG; HTTPS settings on unless the proxy setup says otherwise.
SECURE_SSL = envbool("SECURE_SSL", "False" if DEBUG or TESTING else "True")
SESSION_COOKIE_SECURE = SECURE_SSL
CSRF_COOKIE_SECURE = SECURE_SSL
SECURE_SSL_REDIRECT = SECURE_SSL and envbool("SECURE_SSL_REDIRECT", "True")
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # the proxy's health check may ask over plain HTTP on loopback
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 31536000 if SECURE_SSL else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_SSL
SECURE_HSTS_PRELOAD = SECURE_SSL
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
CSRF_FAILURE_VIEW = "xeploai.errors.csrf_failure"
# A cell's score grid posts 10 fields a member, its tally 4: Django's default of 1,000 refused the page's own form
# at 100 members. 5,000 lets a cell of 450 members save in one form (tests save 300 on both databases).
DATA_UPLOAD_MAX_NUMBER_FIELDS = 5000

# A session ends after SESSION_IDLE_MINUTES without a request; pages warn two minutes before (static/js/session.js).
SESSION_IDLE_MINUTES = envint("SESSION_IDLE_MINUTES", 30, minimum=5)
SESSION_COOKIE_AGE = SESSION_IDLE_MINUTES * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_REFRESH_SECONDS = 60  # the idle clock is pushed back at most once a minute (one session write, not per request)

LOG_LEVEL = os.environ.get("LOG_LEVEL", "WARNING").strip().upper() or "WARNING"
if LOG_LEVEL not in {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}:
    raise ConfigError(f"Biến môi trường LOG_LEVEL phải là DEBUG, INFO, WARNING, ERROR hoặc CRITICAL, không phải"
                      f" {LOG_LEVEL!r}.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"client_errors_one_line": {"()": "xeploai.security.ClientErrorsOneLine"}},
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["client_errors_one_line"]},
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    # Every write of the web app: one line of key=value (who, action, unit, outcome; never names or card numbers).
    "loggers": {"xeploai.audit": {"handlers": ["console"], "level": "INFO", "propagate": False}},
}
