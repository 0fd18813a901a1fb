from .urls_assignments import urlpatterns as assignment_urlpatterns
from .urls_events import urlpatterns as event_urlpatterns
from .urls_readiness import urlpatterns as readiness_urlpatterns
from .urls_registration import urlpatterns as registration_urlpatterns

app_name = "scheduling"

urlpatterns = [*event_urlpatterns, *registration_urlpatterns, *assignment_urlpatterns, *readiness_urlpatterns]
