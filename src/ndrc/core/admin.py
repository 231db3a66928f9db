from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from ndrc.core.models import AuditEntry, Membership, TrainingCentre, User


@admin.register(User)
class NdrcUserAdmin(UserAdmin):
    pass


class ReadOnlyAdmin(admin.ModelAdmin):
    """Writes of records go through the services, which check permissions and audit them."""

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(TrainingCentre)
class TrainingCentreAdmin(ReadOnlyAdmin):
    list_display = ["name", "uai", "siret"]
    search_fields = ["name", "uai", "siret"]


@admin.register(Membership)
class MembershipAdmin(ReadOnlyAdmin):
    list_display = ["user", "training_centre", "role"]
    list_filter = ["role", "training_centre"]


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    """The journal is append-only."""

    list_display = ["at", "action", "content_type", "object_id", "actor", "origin"]
    list_filter = ["action", "content_type"]
    search_fields = ["object_id"]
