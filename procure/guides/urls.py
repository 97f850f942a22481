from django.urls import path

from procure.guides import views

app_name = "guides"
urlpatterns = [
    path("", views.guide_list, name="list"),
    path("new/", views.guide_new, name="new"),
    path("files/<int:pk>/", views.guide_file, name="file"),
    path("files/<int:pk>/remove/", views.guide_file_remove, name="file_remove"),
    path("<slug:slug>/", views.guide_detail, name="detail"),
    path("<slug:slug>/edit/", views.guide_edit, name="edit"),
]
