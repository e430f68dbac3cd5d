"""Builds the hot modules (src/watchlist/compiled.py) into C extensions with mypyc; the rest
of the build is pyproject.toml's. WATCHLIST_PURE=1 builds no extension (pure Python)."""

import os
import runpy

from setuptools import setup

MODULES = runpy.run_path("src/watchlist/compiled.py")["MODULES"]

ext_modules = []
if os.environ.get("WATCHLIST_PURE") != "1":
    from mypyc.build import mypycify

    paths = ["src/" + m.replace(".", "/") + ".py" for m in MODULES]
    ext_modules = mypycify(paths, opt_level="3", group_name="watchlist")

setup(ext_modules=ext_modules)
