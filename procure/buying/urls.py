from django.urls import path

from procure.buying import views

app_name = "buying"
urlpatterns = [
    path("routes/", views.routes, name="routes"),
    path("rules/", views.rules, name="rules"),
    path("rules/<int:pk>/confirm/", views.rule_confirm, name="rule_confirm"),
]
