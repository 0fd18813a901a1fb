from .urls_engine import urlpatterns as engine_urlpatterns
from .urls_library import urlpatterns as library_urlpatterns

app_name = "sop"

urlpatterns = library_urlpatterns + engine_urlpatterns
