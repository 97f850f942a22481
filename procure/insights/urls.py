from django.urls import path

from procure.insights import views

app_name = "insights"
urlpatterns = [
    path("", views.finder_home, name="home"),
    path("institutions/<int:pk>/", views.institution_view, name="institution"),
    path("institutions/<int:pk>/departments/<int:department_pk>/", views.department_view, name="department"),
    path("lines/<int:record_pk>/mark/", views.line_mark, name="line_mark"),
]
