from django.apps import AppConfig


class ContractsConfig(AppConfig):
    name = "ndrc.contracts"
    verbose_name = "Contrats et stages"
