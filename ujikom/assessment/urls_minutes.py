
urlpatterns: list = []  # filled by the minutes screens
