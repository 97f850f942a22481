from django.urls import path

from procure.g2b import views

app_name = "g2b"
urlpatterns = [
    path("", views.collection_status, name="status"),
    path("collect/", views.collection_start, name="collect"),
    path("upload/", views.collection_upload, name="upload"),
]
