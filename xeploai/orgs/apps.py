from django.apps import AppConfig


class OrgsConfig(AppConfig):
    name = "xeploai.orgs"
    label = "orgs"
    verbose_name = "Tổ chức đảng, đảng viên và tài khoản"
