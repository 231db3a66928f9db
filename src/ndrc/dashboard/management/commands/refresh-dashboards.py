"""`ndrc refresh-dashboards`: compute and store today's dashboard sections of every training
manager and exam office, as the background job does after a change (`dashboard.stored`); run
each day just after midnight, so that the first view of the day reads them."""

from django.core.management.base import BaseCommand

from ndrc.dashboard.stored import store_dashboards


class Command(BaseCommand):
    help = "Calcule et enregistre les tableaux de bord du jour des responsables et des examens."

    def handle(self, *args, **options):
        count = store_dashboards()
        self.stdout.write(f"{count} tableaux de bord enregistrés.")
