"""Importers for official list formats: one module per format, listed in `formats`."""
