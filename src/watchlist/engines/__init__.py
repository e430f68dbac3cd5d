"""Engines that screen elsewhere than this process's cores; each one is an optional extra."""
