from django.urls import path

from procure.performance import views

app_name = "performance"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("institutions/<int:pk>/", views.institution, name="institution"),
    path("departments/<int:pk>/", views.department, name="department"),
    path("enterprises/<int:pk>/", views.enterprise, name="enterprise"),
    path("report.<str:fmt>", views.monitoring_report, name="monitoring_report"),
    path("institutions/<int:pk>/<str:form_name>.xlsx", views.statutory, name="statutory"),
    path("years/<int:year>/closing/", views.year_closing, name="year_closing"),
]

disclosure_patterns = (
    [
        path("", views.disclosure_index, name="index"),
        path("<int:year>/<int:pk>/", views.disclosure_detail, name="detail"),
        path("<int:year>.<str:fmt>", views.disclosure_download, name="download"),
    ],
    "disclosure",
)
