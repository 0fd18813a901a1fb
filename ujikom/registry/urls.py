from .urls_schemes import urlpatterns as scheme_urlpatterns
from .urls_sites import urlpatterns as site_urlpatterns
from .urls_training import urlpatterns as training_urlpatterns

app_name = "registry"

urlpatterns = [*scheme_urlpatterns, *site_urlpatterns, *training_urlpatterns]
