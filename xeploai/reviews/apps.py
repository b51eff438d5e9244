from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "xeploai.reviews"
    label = "reviews"
    verbose_name = "Kỳ kiểm điểm, xếp loại"
