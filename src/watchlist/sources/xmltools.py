"""Small lxml helpers shared by the XML list formats."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

from followthemoney.proxy import EntityProxy
from lxml import etree

from watchlist.errors import ParseError
from watchlist.model.entity import ParsedList
from watchlist.sources.dates import parse_date, to_date
from watchlist.sources.reading import only_file


def local_name(element: etree._Element) -> str:
    """An element's tag without namespace; "" for comments and processing instructions.

    Not etree.QName: it refuses names with an undeclared prefix ("r:record"), which libxml2's
    recovering parser lets through, so fuzzed files would crash it.
    """
    tag = element.tag
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def child_of_root(name: str) -> Callable[[etree._Element], bool]:
    """A record test for lists whose records sit right under the root, matched by local name."""

    def is_record(el: etree._Element) -> bool:
        parent = el.getparent()
        return local_name(el) == name and parent is not None and parent.getparent() is None

    return is_record


def read_records(
    paths: Sequence[Path],
    *,
    list_name: str,
    root: str,
    is_record: Callable[[etree._Element], bool],
    read: Callable[[Path, etree._Element], EntityProxy],
    published_attribute: str | None = None,
) -> ParsedList:
    """Read every record of a one-file XML list, freeing each as it goes.

    The whole file is read before anything is returned, so a truncated or malformed file fails
    before anything is stored. `is_record` picks the record elements (seen at their end tag),
    `read` turns one into an entity; a repeated identifier is an error, as is a wrong root.
    """
    path = only_file(paths, f"the {list_name} is one XML file; give one per release")
    entities: list[EntityProxy] = []
    seen: set[str] = set()
    published: date | None = None
    try:
        events = etree.iterparse(
            str(path), events=("start", "end"), resolve_entities=False, no_network=True
        )
        for event, el in events:
            parent = el.getparent()
            if event == "start":
                if parent is None:
                    if local_name(el) != root:
                        raise ParseError(
                            str(path), "line 1", f"root is <{local_name(el)}>, not <{root}>"
                        )
                    if published_attribute is not None:
                        published = _published(path, published_attribute, el)
                continue
            if parent is None or not is_record(el):
                continue
            entity = read(path, el)
            if entity.id in seen:
                raise ParseError(
                    str(path), f"line {el.sourceline}", f"identifier {entity.id} appears twice"
                )
            seen.add(str(entity.id))
            entities.append(entity)
            # Free what was read: full lists are megabytes of XML.
            el.clear()
            while el.getprevious() is not None:
                del parent[0]
    except etree.XMLSyntaxError as exc:
        line = max(exc.lineno or 1, 1)  # an empty file reports line 0
        problem = "malformed XML: " + " ".join(exc.msg.split())
        raise ParseError(str(path), f"line {line}", problem) from None
    except OSError as exc:
        raise ParseError(str(path), None, f"cannot read file: {exc}") from None
    return ParsedList(entities=entities, published=published)


def _published(path: Path, attribute: str, root: etree._Element) -> date | None:
    value = root.get(attribute)
    if value is None:
        return None
    day = to_date(parse_date(value))
    if day is None:
        raise ParseError(str(path), f"attribute {attribute}", f"not a date: {value!r}")
    return day
