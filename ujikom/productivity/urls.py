from .urls_analysis import urlpatterns as analysis_urlpatterns
from .urls_cases import urlpatterns as cases_urlpatterns
from .urls_closing import urlpatterns as closing_urlpatterns

app_name = "productivity"

urlpatterns = [
    *cases_urlpatterns,
    *analysis_urlpatterns,
    *closing_urlpatterns,
]
