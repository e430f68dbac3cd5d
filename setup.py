"""Builds the hot modules (src/watchlist/compiled.py) into C extensions with mypyc; the rest
of the build is pyproject.toml's. WATCHLIST_PURE=1 builds no extension (pure Python)."""

import os
import runpy

from setuptools import setup

COMPILED = runpy.run_path("src/watchlist/compiled.py")

ext_modules = []
if os.environ.get("WATCHLIST_PURE") != "1":
    from mypyc.build import mypycify

    ext_modules = mypycify(
        # pip builds in an environment of its own, without the package's dependencies: the
        # build type-checks the compiled modules with mypy's defaults and takes what it cannot
        # import as Any (`make typecheck` is where the code is held to --strict)
        [
            "--config-file",
            os.devnull,
            "--ignore-missing-imports",
            *("src/" + m.replace(".", "/") + ".py" for m in COMPILED["MODULES"]),
        ],
        opt_level="3",
        # one library of all the compiled code, named as watchlist.compiled looks for it
        group_name=COMPILED["LIBRARY"].removesuffix("__mypyc"),
    )

setup(ext_modules=ext_modules)
