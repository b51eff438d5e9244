from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "xeploai.reports"
    label = "reports"
    verbose_name = "Báo cáo, biểu mẫu"

    def ready(self) -> None:
        from . import checks  # noqa: F401 (registers the font check)
