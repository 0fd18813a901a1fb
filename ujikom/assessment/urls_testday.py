
urlpatterns: list = []  # filled by the testday screens
