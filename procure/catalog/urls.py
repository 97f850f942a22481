from django.urls import path

from procure.catalog import views, views_insights

app_name = "catalog"
urlpatterns = [
    path("", views.search_page, name="search"),
    path("suggest/", views.suggest, name="suggest"),
    path("insights/", views.search_insights_page, name="search_insights"),
    path("insights/match/", views_insights.search_match, name="search_match"),
    path("insights/match/<int:pk>/retire/", views_insights.search_match_retire, name="search_match_retire"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/shortlist/", views.shortlist_toggle, name="shortlist_toggle"),
    path("<int:pk>/hide/", views.offering_hide, name="offering_hide"),
    path("<int:pk>/<str:which>/", views.offering_file, name="offering_file"),
    path("shortlist/", views.shortlist, name="shortlist"),
    path("shortlists/<uuid:token>/", views.shortlist_shared, name="shortlist_shared"),
    path("mine/", views.my_offerings, name="my_offerings"),
    path("mine/new/", views.offering_new, name="offering_new"),
    path("mine/<int:pk>/edit/", views.offering_edit, name="offering_edit"),
    path("mine/<int:pk>/delete/", views.offering_delete, name="offering_delete"),
]
