import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django_application = get_wsgi_application()

from ujikom.certificates.fastpath import VerificationFastPath  # noqa: E402  (needs Django set up)

# The public certificate verification (/v/<id>, /api/v1/verify/<id>) is answered before Django's
# request handling; everything else goes to Django.
application = VerificationFastPath(django_application)
