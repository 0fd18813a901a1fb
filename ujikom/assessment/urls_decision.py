
urlpatterns: list = []  # filled by the decision screens
