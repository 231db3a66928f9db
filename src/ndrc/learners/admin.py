from django.contrib import admin

from ndrc.core.admin import ReadOnlyAdmin
from ndrc.learners.models import CategoryPeriod, Cohort, Learner, TeacherAssignment


class CategoryPeriodInline(admin.TabularInline):
    model = CategoryPeriod
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Cohort)
class CohortAdmin(ReadOnlyAdmin):
    list_display = ["name", "training_centre", "framework", "first_year_start", "exam_session"]
    list_filter = ["training_centre", "exam_session"]


@admin.register(Learner)
class LearnerAdmin(ReadOnlyAdmin):
    list_display = ["last_name", "first_name", "cohort", "ine", "erased_on"]
    list_filter = ["cohort"]
    search_fields = ["last_name", "first_name", "ine", "parcoursup_number"]
    inlines = [CategoryPeriodInline]


@admin.register(TeacherAssignment)
class TeacherAssignmentAdmin(ReadOnlyAdmin):
    list_display = ["teacher", "cohort", "subject"]
