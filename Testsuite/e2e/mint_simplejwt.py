#!/usr/bin/python3
"""Mints tokens with the real djangorestframework-simplejwt (Debian's
python3-djangorestframework-simplejwt), as the old Django back end did, for
the legacy-token tests. Run in its own process (Django settings are global):

  mint_simplejwt.py SIGNING_KEY USER_ID [EXP_OFFSET_SECONDS]

prints {"refresh": ..., "access": ...} as JSON.
"""

import json
import sys
import types
from datetime import timedelta

import django
from django.conf import settings


def main():
    key, user_id = sys.argv[1], int(sys.argv[2])
    offset = int(sys.argv[3]) if len(sys.argv) > 3 else None
    settings.configure(
        SECRET_KEY=key,
        INSTALLED_APPS=["django.contrib.contenttypes", "django.contrib.auth", "rest_framework_simplejwt"],
        DATABASES={},
        USE_TZ=True,
        SIMPLE_JWT={"SIGNING_KEY": key, "ALGORITHM": "HS256",
                    "ACCESS_TOKEN_LIFETIME": timedelta(minutes=15), "REFRESH_TOKEN_LIFETIME": timedelta(days=7)},
    )
    django.setup()
    from rest_framework_simplejwt.tokens import RefreshToken

    refresh = RefreshToken.for_user(types.SimpleNamespace(id=user_id, pk=user_id))
    if offset is not None:
        refresh.set_exp(lifetime=timedelta(seconds=offset))
    print(json.dumps({"refresh": str(refresh), "access": str(refresh.access_token)}))


if __name__ == "__main__":
    main()
