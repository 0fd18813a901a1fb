from .urls_compliance import urlpatterns as compliance_urlpatterns
from .urls_dashboard import urlpatterns as dashboard_urlpatterns
from .urls_period import urlpatterns as period_urlpatterns
from .urls_registers import urlpatterns as registers_urlpatterns

app_name = "reports"

urlpatterns = [
    *period_urlpatterns,
    *compliance_urlpatterns,
    *dashboard_urlpatterns,
    *registers_urlpatterns,
]
