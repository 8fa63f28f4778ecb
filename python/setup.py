"""Puts libEmpowerC.so, built by SwiftPM, into the package: `pip install ./python` after
`swift build -c release --product EmpowerC` in the Empower checkout. EMPOWER_LIBRARY names
another copy of the library to bundle."""

import os
import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py
from setuptools.dist import Distribution

HERE = Path(__file__).resolve().parent
LIBRARY = "libEmpowerC.so"


def built_library() -> Path:
    if os.environ.get("EMPOWER_LIBRARY"):
        path = Path(os.environ["EMPOWER_LIBRARY"])
    else:
        path = HERE.parent / ".build" / "release" / LIBRARY
    if not path.is_file():
        raise SystemExit(
            f"error: {path} does not exist. Build it first, in the Empower checkout: "
            "`swift build -c release --product EmpowerC` (or set EMPOWER_LIBRARY to the library to bundle)")
    return path


class BuildWithLibrary(build_py):
    def run(self):
        super().run()
        target = Path(self.build_lib) / "empower" / LIBRARY
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(built_library(), target)


class NativeDistribution(Distribution):
    """The wheel holds a native library: tag it for this platform, not as pure Python."""

    def has_ext_modules(self):
        return True


setup(cmdclass={"build_py": BuildWithLibrary}, distclass=NativeDistribution)
