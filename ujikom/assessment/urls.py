from .urls_decision import urlpatterns as decision_urlpatterns
from .urls_minutes import urlpatterns as minutes_urlpatterns
from .urls_testday import urlpatterns as testday_urlpatterns

app_name = "assessment"

urlpatterns = [*testday_urlpatterns, *minutes_urlpatterns, *decision_urlpatterns]
