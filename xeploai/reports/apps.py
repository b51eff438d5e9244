from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "xeploai.reports"
    label = "reports"
    verbose_name = "Báo cáo, biểu mẫu"
