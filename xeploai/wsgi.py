"""The WSGI application (gunicorn xeploai.wsgi).

Serving refuses to start without SECRET_KEY in the environment (unless DEBUG): several hosts behind one proxy must
share one key, and a key made on one host would sign out every user on the others. A wrong variable is one line.
Exit status 3 is gunicorn's "worker failed to boot": it stops instead of starting workers again and again.
"""

import os
import sys

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xeploai.settings")

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.wsgi import get_wsgi_application

BOOT_ERROR = 3


def _refuse(message: str) -> None:
    print(f"Xếp loại không khởi động: {message}", file=sys.stderr, flush=True)
    sys.exit(BOOT_ERROR)


try:
    if not settings.DEBUG and not settings.SECRET_KEY_FROM_ENV:
        _refuse("đặt biến môi trường SECRET_KEY (một chuỗi ngẫu nhiên dài, giống nhau trên mọi máy chủ).")
    application = get_wsgi_application()
except ImproperlyConfigured as error:
    _refuse(str(error))
