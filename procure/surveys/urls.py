from django.urls import path

from procure.surveys import views

app_name = "surveys"
urlpatterns = [
    path("", views.survey_list, name="list"),
    path("compare/", views.compare, name="compare"),
    path("<int:pk>/", views.builder, name="builder"),
    path("<int:pk>/results/", views.results, name="results"),
    path("<int:pk>/results.xlsx", views.results_xlsx, name="results_xlsx"),
    path("<int:pk>/codes/", views.tokens, name="tokens"),
    path("r/<uuid:token>/", views.respond, name="respond"),
]
