"""System check: the regulation data loads and validates when the application starts."""

from django.core import checks

from ndrc.regulation.errors import FrameworkDataError
from ndrc.regulation.framework import CURRENT_FRAMEWORK, load_framework


@checks.register()
def framework_loads(app_configs, **kwargs) -> list[checks.CheckMessage]:
    try:
        load_framework(CURRENT_FRAMEWORK)
    except FrameworkDataError as error:
        return [checks.Error(str(error), id="ndrc.E001")]
    return []
