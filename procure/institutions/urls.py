from django.urls import path

from procure.institutions import views

app_name = "institutions"
urlpatterns = [
    path("", views.institution_list, name="list"),
    path("new/", views.institution_create, name="create"),
    path("<int:pk>/", views.institution_detail, name="detail"),
    path("<int:pk>/edit/", views.institution_update, name="update"),
    path("<int:pk>/departments/new/", views.department_create, name="department_create"),
    path("departments/<int:pk>/edit/", views.department_update, name="department_update"),
    path("departments/<int:pk>/delete/", views.department_delete, name="department_delete"),
]
