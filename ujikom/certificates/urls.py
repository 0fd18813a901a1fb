from .urls_badges import urlpatterns as badges_urlpatterns
from .urls_issuance import urlpatterns as issuance_urlpatterns
from .urls_lifecycle import urlpatterns as lifecycle_urlpatterns
from .urls_verification import urlpatterns as verification_urlpatterns

app_name = "certificates"

urlpatterns = [
    *issuance_urlpatterns,
    *verification_urlpatterns,
    *lifecycle_urlpatterns,
    *badges_urlpatterns,
]
