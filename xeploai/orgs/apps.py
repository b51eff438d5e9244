from django.apps import AppConfig


class OrgsConfig(AppConfig):
    name = "xeploai.orgs"
    label = "orgs"
    verbose_name = "Tổ chức đảng, đảng viên và tài khoản"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from xeploai.security import start_idle_clock

        user_logged_in.connect(start_idle_clock, dispatch_uid="xeploai-idle-clock")
