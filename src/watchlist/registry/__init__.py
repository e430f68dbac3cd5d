"""The registry: list files imported as releases, and lists read as one actor may see them."""

from watchlist.registry.imports import content_hash, import_files, read_job
from watchlist.registry.service import Diff, EntityView, Registry

__all__ = ["Diff", "EntityView", "Registry", "content_hash", "import_files", "read_job"]
