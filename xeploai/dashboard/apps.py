from django.apps import AppConfig


class DashboardConfig(AppConfig):
    name = "xeploai.dashboard"
    label = "dashboard"
    verbose_name = "Kế hoạch và theo dõi tiến độ"
