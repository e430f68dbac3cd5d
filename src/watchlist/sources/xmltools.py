"""Small lxml helpers shared by the XML list formats."""

from __future__ import annotations

from lxml import etree


def local_name(element: etree._Element) -> str:
    """An element's tag without namespace; "" for comments and processing instructions.

    Not etree.QName: it refuses names with an undeclared prefix ("r:record"), which libxml2's
    recovering parser lets through, so fuzzed files would crash it.
    """
    tag = element.tag
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""
