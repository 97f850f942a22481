from django.urls import path

from procure.ledger import views

app_name = "ledger"
urlpatterns = [
    path("batches/", views.batch_list, name="batch_list"),
    path("batches/<int:pk>/undo/", views.batch_undo, name="batch_undo"),
]
