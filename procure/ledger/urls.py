from django.urls import path

from procure.ledger import views

app_name = "ledger"
urlpatterns = [
    path("batches/", views.batch_list, name="batch_list"),
    path("batches/<int:pk>/undo/", views.batch_undo, name="batch_undo"),
    path("purchases/", views.purchase_list, name="purchase_list"),
    path("purchases/new/", views.purchase_create, name="purchase_create"),
    path("purchases/<int:pk>/reverse/", views.purchase_reverse, name="purchase_reverse"),
    path("reconciliation/", views.reconciliation, name="reconciliation"),
    path("reconciliation/<int:pk>/", views.reconciliation_decide, name="reconciliation_decide"),
]
