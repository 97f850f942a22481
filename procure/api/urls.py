from django.urls import path

from procure.api import views

app_name = "opendata"
urlpatterns = [
    path("", views.open_data, name="index"),
    path("ocds/<int:year>.json", views.ocds_year, name="ocds_year"),
    path("tokens/", views.tokens, name="tokens"),
]
