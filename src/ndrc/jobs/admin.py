from django.contrib import admin

from ndrc.jobs.models import Job


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    list_display = ["title", "state", "started_by", "created_at", "finished_at"]
    list_filter = ["state", "kind"]
    readonly_fields = [field.name for field in Job._meta.fields]
