"""The engine stays usable without Django: importing it loads no Django or application module."""

import subprocess
import sys

from tests.test_layers import ENGINE, LAYERS

# Django, and every package above the engine but the command line, which runs without Django.
APP_PACKAGES = (
    "django",
    *(f"ndrc.{name}" for name, layer in LAYERS.items() if layer > ENGINE and name != "cli"),
)


def test_importing_the_engine_loads_no_django_module():
    code = (
        "import sys, pkgutil, importlib, ndrc.regulation as r\n"
        "for m in pkgutil.walk_packages(r.__path__, 'ndrc.regulation.'):\n"
        "    importlib.import_module(m.name)\n"
        "import ndrc.cli as c\n"
        "for m in pkgutil.walk_packages(c.__path__, 'ndrc.cli.'):\n"
        "    importlib.import_module(m.name)\n"
        "print('\\n'.join(sorted(sys.modules)))\n"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.split()
    leaked = [m for m in loaded if m.split(".")[0] == "django" or m.startswith(APP_PACKAGES)]
    assert leaked == []
    assert "ndrc.regulation.framework" in loaded
