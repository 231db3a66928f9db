from django.contrib import admin

from ndrc.companies.models import Company, CompanyContact, Supervision
from ndrc.core.admin import ReadOnlyAdmin


@admin.register(Company)
class CompanyAdmin(ReadOnlyAdmin):
    list_display = ["name", "siret", "headcount", "city"]
    search_fields = ["name", "siret"]


@admin.register(CompanyContact)
class CompanyContactAdmin(ReadOnlyAdmin):
    list_display = ["last_name", "first_name", "company", "job_title"]
    search_fields = ["last_name", "first_name", "company__name"]


@admin.register(Supervision)
class SupervisionAdmin(ReadOnlyAdmin):
    list_display = ["learner", "contact", "role", "start", "end"]
    list_filter = ["role"]
