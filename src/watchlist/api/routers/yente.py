"""yente 5.x compatibility: /match, /search, /entities, /catalog, /algorithms with yente's
parameters, defaults, limits and status codes, so a yente client switches by its base URL."""

from __future__ import annotations

import enum
from collections import Counter
from collections.abc import Iterable
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query, Response
from followthemoney import model

from watchlist.api import entities
from watchlist.api.auth import CurrentUser
from watchlist.api.index import Loaded
from watchlist.api.routes import Routes
from watchlist.api.screening import answered, release_detail, screen_names, split_id
from watchlist.api.services import ServicesDep
from watchlist.api.yente_models import (
    Algorithm,
    AlgorithmDocs,
    AlgorithmResponse,
    DataCatalogModel,
    DatasetModel,
    EntityMatchQuery,
    EntityMatchResponse,
    EntityResponse,
    FeatureDoc,
    SearchResponse,
)
from watchlist.audit.actions import AuditAction
from watchlist.auth.roles import Role
from watchlist.errors import InvalidInput, NotFound
from watchlist.match.features import Feature
from watchlist.match.score import FEATURES
from watchlist.match.weights import WEIGHTS
from watchlist.model.access import Actor
from watchlist.model.records import COUNTRY_PROPS, ID_PROPS, NAME_PROPS
from watchlist.screening import DEFAULT_THRESHOLD
from watchlist.screening import Query as ScreenQuery

router = APIRouter(tags=["yente compatibility"])
routes = Routes(router)

#: yente's own defaults and limits.
MATCH_PAGE = 5
MAX_MATCHES = 500
DEFAULT_PAGE = 10
MAX_PAGE = 500
MAX_OFFSET = 9999 - MAX_PAGE
TS_PATTERN = r"^\d{4}-\d{2}-\d{2}(T\d{2}(:\d{2}(:\d{2})?)?)?$"
#: A search is looser than a match: a user types part of a name.
SEARCH_THRESHOLD = 0.5

ALGORITHM = "watchlist"
#: yente's algorithm names, answered by watchlist's one matcher so a configured client works.
ALIASES = frozenset(
    {
        "best",
        "watchlist",
        "logic-v2",
        "logic-v1",
        "name-based",
        "name-qualified",
        "regression-v1",
        "ofac-249",
    }
)


class Facet(enum.StrEnum):
    DATASETS = "datasets"
    SCHEMA = "schema"
    COUNTRIES = "countries"
    IDENTIFIERS = "identifiers"
    TOPICS = "topics"
    GENDERS = "genders"


FACET_LABELS = {
    Facet.DATASETS: "Data sources",
    Facet.SCHEMA: "Entity types",
    Facet.COUNTRIES: "Countries",
    Facet.TOPICS: "Topics",
}
SCREENED_SCHEMATA = {"Person", "Organization", "Company", "LegalEntity", "Vessel", "Airplane"}

DatasetPath = Annotated[
    str,
    Path(
        description="A list name, or `default` for every list the caller may see.",
        examples=["default"],
    ),
]


def scope(loaded: Loaded, actor: Actor, dataset: str) -> list[str] | None:
    """The lists a dataset name stands for (None: every list the actor may see); a list the
    actor may not see is as missing as one that does not exist."""
    if dataset == "default":
        return None
    if dataset in loaded.visible_sources(actor):
        return [dataset]
    raise NotFound("No such dataset.")


def narrowed(
    loaded: Loaded,
    actor: Actor,
    sources: list[str] | None,
    include: tuple[str, ...],
    exclude: tuple[str, ...],
) -> list[str] | None:
    if not include and not exclude:
        return sources
    chosen = sources if sources is not None else loaded.visible_sources(actor)
    if include:
        chosen = [s for s in chosen if s in include]
    return [s for s in chosen if s not in exclude]


def check_algorithm(name: str) -> None:
    if name.strip().lower() not in ALIASES:
        raise InvalidInput(f"Invalid algorithm: {name}")


def values(props: dict[str, Any], names: tuple[str, ...]) -> list[str]:
    out: list[str] = []
    for prop in names:
        raw = props.get(prop)
        items = raw if isinstance(raw, list) else [raw] if raw is not None else []
        out.extend(str(v).strip() for v in items if v is not None and str(v).strip())
    return out


def example_query(schema: str, props: dict[str, Any]) -> tuple[list[str], ScreenQuery]:
    """An example entity as the names to screen and the facts beside them."""
    if model.get(schema) is None:
        raise InvalidInput(f"Cannot parse example entity: invalid schema {schema!r}")
    names = values(props, NAME_PROPS)
    if not names:
        parts = values(props, ("firstName", "secondName", "middleName", "fatherName", "lastName"))
        names = [" ".join(parts)] if parts else []
    query = ScreenQuery(
        name=names[0] if names else "",
        schema=schema if schema in SCREENED_SCHEMATA else None,
        birth_dates=tuple(values(props, ("birthDate",))),
        countries=tuple(values(props, COUNTRY_PROPS)),
        identifiers=tuple(values(props, ID_PROPS)),
        gender=next(iter(values(props, ("gender",))), None),
    )
    return names[:20], query


def explanations(features: Iterable[Feature]) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for f in features:
        key = f.name
        while key in out:
            key += "_"
        out[key] = {"detail": f.explanation, "score": round(f.value, 4)}
    return out


@routes.post(
    "/match/{dataset}",
    Role.SCREENER,
    summary="Query by example matcher (yente)",
    response_model=EntityMatchResponse,
)
def match(
    body: EntityMatchQuery,
    dataset: DatasetPath,
    response: Response,
    user: CurrentUser,
    services: ServicesDep,
    limit: Annotated[int, Query(title="Number of results to return", ge=1, le=MAX_MATCHES)] = (
        MATCH_PAGE
    ),
    threshold: Annotated[
        float, Query(title="Score threshold for results to be considered matches", ge=0, le=1)
    ] = DEFAULT_THRESHOLD,
    cutoff: Annotated[
        float,
        Query(
            deprecated=True,
            title="Deprecated, use `threshold`. Lower bound of score for results to be returned",
            ge=0,
            le=1,
        ),
    ] = DEFAULT_THRESHOLD,
    algorithm: Annotated[str, Query(title="Scoring algorithm (one matcher)")] = "best",
    include_dataset: Annotated[tuple[str, ...], Query()] = (),
    exclude_schema: Annotated[tuple[str, ...], Query()] = (),
    exclude_dataset: Annotated[tuple[str, ...], Query()] = (),
    topics: Annotated[tuple[str, ...], Query(title="Accepted; lists carry no topics")] = (),
    changed_since: Annotated[str | None, Query(pattern=TS_PATTERN)] = None,
    exclude_entity_ids: Annotated[tuple[str, ...], Query(max_length=50)] = (),
) -> dict[str, Any]:
    """Match example entities (name, birth date, nationality, identifiers...) against the
    lists, as yente's /match does. Each result carries `score`, `match` (at the threshold)
    and `explanations` per feature."""
    check_algorithm(algorithm)
    loaded = services.as_actor(user.actor).screening().loaded
    actor = user.actor
    sources = narrowed(
        loaded, actor, scope(loaded, actor, dataset), include_dataset, exclude_dataset
    )
    if len(body.queries) > services.api.api_max_batch:
        raise InvalidInput(f"Too many queries in one batch (limit: {services.api.api_max_batch})")
    if not body.queries:
        raise InvalidInput("No queries provided.")
    # as yente: results from the lower of the two, `match` at the threshold
    report_at = min(cutoff, threshold)
    excluded = set(exclude_entity_ids)
    answers: dict[str, Any] = {}
    audited: dict[str, Any] = {}
    level = None
    for name, example in body.queries.items():
        names, query = example_query(example.schema_, example.properties)
        hits = screen_names(loaded, actor, names, query, report_at, MAX_MATCHES, sources)
        hits = [
            h
            for h in hits
            if h.restricted
            or (
                h.schema not in exclude_schema
                and f"{h.source}:{h.source_id}" not in excluded
                and h.source_id not in excluded
            )
        ]
        visible = [h for h in hits if not h.restricted][:limit]
        results = []
        for h in visible:
            assert h.source is not None and h.source_id is not None
            data = dict(entities.lookup(loaded, services.store, actor, h.source, h.source_id))
            score = round(h.score or 0.0, 4)
            data.update(
                score=score, match=score >= threshold, explanations=explanations(h.features)
            )
            results.append(data)
        restricted = [{"ref": h.ref} for h in hits if h.restricted]
        echo = {
            "id": example.id,
            "schema": example.schema_,
            "properties": {
                k: v if isinstance(v, list) else [v] for k, v in example.properties.items()
            },
        }
        answers[name] = {
            "status": 200,
            "results": results,
            "total": {"value": len(results), "relation": "eq"},
            "query": echo,
            "restricted": restricted,
        }
        kept, cls = answered(loaded, [h for h in hits if h.restricted] + visible)
        audited[name] = {"query": echo, "results": kept}
        level = cls if level is None or cls.rank > level.rank else level
    releases = loaded.releases_for(actor)
    assert level is not None
    audit_id = services.audit.write(
        actor,
        AuditAction.SCREENING_MATCH,
        f"route:/match/{dataset}",
        {
            "route": f"/match/{dataset}",
            "key": user.key_id,
            "params": {"limit": limit, "threshold": threshold, "algorithm": algorithm},
            "queries": audited,
            "releases": release_detail(loaded, actor),
        },
        level,
    )
    response.headers["x-batch-size"] = str(len(answers))
    return {"responses": answers, "limit": limit, "releases": releases, "audit_id": audit_id}


@routes.get(
    "/search/{dataset}",
    Role.SCREENER,
    summary="Simple entity search (yente)",
    response_model=SearchResponse,
)
def search(
    dataset: DatasetPath,
    user: CurrentUser,
    services: ServicesDep,
    q: Annotated[str, Query(title="Query text", max_length=1000)] = "",
    schema: Annotated[str, Query(title="Types of entities that can match")] = "Thing",
    include_dataset: Annotated[tuple[str, ...], Query()] = (),
    exclude_dataset: Annotated[tuple[str, ...], Query()] = (),
    exclude_schema: Annotated[tuple[str, ...], Query()] = (),
    countries: Annotated[tuple[str, ...], Query(title="Filter by country codes")] = (),
    topics: Annotated[tuple[str, ...], Query(title="Accepted; lists carry no topics")] = (),
    datasets: Annotated[tuple[str, ...], Query(title="Filter by dataset names")] = (),
    filter: Annotated[tuple[str, ...], Query(title="Accepted (`field:value`), not applied")] = (),
    limit: Annotated[int, Query(ge=0, le=MAX_PAGE)] = DEFAULT_PAGE,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0,
    sort: Annotated[tuple[str, ...], Query(title="Accepted; results are ranked by score")] = (),
    target: Annotated[bool | None, Query(deprecated=True, title="Accepted")] = None,
    fuzzy: Annotated[bool, Query(title="Accepted; names always match loosely")] = False,
    simple: Annotated[bool, Query(title="Accepted")] = False,
    facets: Annotated[tuple[Facet, ...], Query(title="Facet counts in the answer")] = (
        Facet.COUNTRIES,
        Facet.TOPICS,
        Facet.DATASETS,
    ),
    filter_op: Annotated[Literal["OR", "AND"], Query(title="How filters combine")] = "OR",
    changed_since: Annotated[str | None, Query(pattern=TS_PATTERN)] = None,
) -> dict[str, Any]:
    """Entities whose names resemble the text `q`, best first, paginated; without `q`, every
    entity of the dataset in list order."""
    schema_obj = model.get(schema)
    if schema_obj is None:
        raise InvalidInput("Invalid schema")
    loaded = services.as_actor(user.actor).screening().loaded
    actor = user.actor
    sources = narrowed(
        loaded, actor, scope(loaded, actor, dataset), include_dataset + datasets, exclude_dataset
    )
    allowed = set(sources if sources is not None else loaded.visible_sources(actor))

    def wanted(entity_schema: str | None) -> bool:
        if entity_schema is None or entity_schema in exclude_schema:
            return False
        found = model.get(entity_schema)
        return found is not None and found.is_a(schema_obj)

    for flt in filter:
        if ":" not in flt:
            raise InvalidInput(f"Invalid filter: {flt!r}")
    records = loaded.records()
    if q.strip():
        query = ScreenQuery(name=q.strip())
        hits = screen_names(loaded, actor, [q.strip()], query, SEARCH_THRESHOLD, 10_000, sources)
        keys = [(h.source, h.source_id) for h in hits if not h.restricted]
        found = [records[k] for k in keys if k in records]
    else:
        found = list(records.values())
    found = [
        e
        for e in found
        if e.source in allowed and actor.may_read(e.classification) and wanted(e.schema)
    ]
    if countries:
        wanted_countries = {c.lower() for c in countries}
        found = [e for e in found if e.countries & wanted_countries]
    page = found[offset : offset + limit]
    rows = [entities.lookup(loaded, services.store, actor, e.source, e.source_id) for e in page]
    counts = {
        Facet.DATASETS: Counter(e.source for e in found),
        Facet.COUNTRIES: Counter(c for e in found for c in e.countries),
        Facet.TOPICS: Counter[str](),
        Facet.SCHEMA: Counter(e.schema for e in found),
    }
    out_facets = {
        f.value: {
            "label": FACET_LABELS[f],
            "values": [{"name": k, "label": k, "count": n} for k, n in sorted(counts[f].items())],
        }
        for f in facets
        if f in counts
    }
    audit_id = services.audit.write(
        actor,
        AuditAction.SCREENING_SEARCH,
        f"route:/search/{dataset}",
        {
            "route": f"/search/{dataset}",
            "key": user.key_id,
            "q": q,
            "results": [r["id"] for r in rows],
            "releases": release_detail(loaded, actor),
        },
        loaded.most_sensitive(e.source for e in page),
    )
    return {
        "limit": limit,
        "offset": offset,
        "total": {"value": len(found), "relation": "eq"},
        "results": rows,
        "facets": out_facets,
        "releases": loaded.releases_for(actor),
        "audit_id": audit_id,
    }


@routes.get(
    "/entities/{entity_id:path}",
    Role.ANALYST,
    summary="Fetch an entity by its id (yente)",
    response_model=EntityResponse,
)
def fetch_entity(
    entity_id: Annotated[str, Path(description="SOURCE:ID", examples=["us_ofac_sdn:15880"])],
    user: CurrentUser,
    services: ServicesDep,
    nested: Annotated[bool, Query(title="Accepted; list entries have no nested entities")] = True,
) -> dict[str, Any]:
    """One listed entity as its list stands now; 404 for one that is not there or on a list
    the caller may not see."""
    parts = split_id(entity_id)
    if parts is None:
        raise NotFound("No such entity!")
    loaded = services.as_actor(user.actor).screening().loaded
    try:
        return entities.lookup(loaded, services.store, user.actor, *parts)
    except NotFound:
        raise NotFound("No such entity!") from None


@routes.get(
    "/catalog", Role.SCREENER, summary="Data catalog (yente)", response_model=DataCatalogModel
)
def catalog(user: CurrentUser, services: ServicesDep) -> dict[str, Any]:
    """The lists the caller may see, each with the release loaded, and `default` holding all."""
    loaded = services.as_actor(user.actor).screening().loaded
    actor = user.actor
    sets = []
    names = []
    for r in loaded.releases:
        if not actor.may_read(r.classification):
            continue
        names.append(r.source)
        version = f"{r.published.isoformat()}-{r.seq}"
        sets.append(
            DatasetModel(
                name=r.source,
                title=r.source,
                version=version,
                updated_at=r.published.isoformat(),
                last_export=r.published.isoformat(),
                index_version=version,
                classification=r.classification.value,
            )
        )
    sets.append(
        DatasetModel(name="default", title="Every list you may see", children=names, load=False)
    )
    return {"datasets": sets, "current": names, "outdated": [], "index_stale": False}


@routes.get(
    "/algorithms",
    Role.SCREENER,
    summary="The matching algorithm (yente)",
    response_model=AlgorithmResponse,
)
def algorithms(user: CurrentUser) -> AlgorithmResponse:
    """watchlist's one matcher with its weights; yente's algorithm names are accepted too."""
    declared = {key: spec for spec in FEATURES for key in spec.weights}
    features = {
        name: FeatureDoc(
            description=f"{declared[name].name}: {declared[name].description}"
            if name in declared
            else name.replace("_", " "),
            coefficient=weight,
        )
        for name, weight in WEIGHTS.items()
    }
    description = (
        "Name forms in every script, rarity-weighted token alignment, then birth date, "
        "country, identifier and gender features; each score explained per feature."
    )
    docs = AlgorithmDocs(name=ALGORITHM, description=description, features=features)
    algo = Algorithm(name=ALGORITHM, description=description, features=features, docs=docs)
    return AlgorithmResponse(algorithms=[algo], default=ALGORITHM, best=ALGORITHM)
