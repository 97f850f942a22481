from django.urls import path

from procure.core import views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("notifications/", views.inbox, name="inbox"),
    path("notifications/<int:pk>/open/", views.notification_open, name="notification_open"),
    path("notifications/read-all/", views.notifications_read_all, name="notifications_read_all"),
]
