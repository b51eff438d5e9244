from django.urls import path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("don-vi/<slug:code>/", views.unit_detail, name="unit_detail"),
]
