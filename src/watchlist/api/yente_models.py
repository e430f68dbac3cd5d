"""Request and response shapes of yente 5.x, so its clients call watchlist unchanged.

Additions yente clients ignore: `releases` and `audit_id` on a match response, `restricted` on
each query's answer (hits on lists above the caller's clearance, as opaque references only).
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field


class EntityResponse(BaseModel):
    id: str = Field(examples=["us_ofac_sdn:15880"])
    caption: str = Field(examples=["Pavel KARPOV"])
    schema_: str = Field(alias="schema", examples=["Person"])
    properties: dict[str, list[str]] = Field(examples=[{"name": ["Pavel KARPOV"]}])
    datasets: list[str] = Field(default=[], examples=[["us_ofac_sdn"]])
    referents: list[str] = Field(default=[])
    target: bool = True
    first_seen: str | None = None
    last_seen: str | None = None
    last_change: str | None = None


class FeatureResult(BaseModel):
    detail: str | None
    score: float


class ScoredEntityResponse(EntityResponse):
    score: float
    match: bool
    explanations: dict[str, FeatureResult] = Field(default={})


class EntityExample(BaseModel):
    id: str | None = Field(None, examples=["my-entity-id"])
    schema_: str = Field(alias="schema", examples=["Person"])
    properties: dict[str, str | list[Any]] = Field(examples=[{"name": ["John Doe"]}])


class EntityMatchQuery(BaseModel):
    weights: dict[str, float] = Field(default={}, description="Accepted, not used")
    config: dict[str, str | int | float | bool | None] = Field(default={})
    queries: dict[str, EntityExample]


class TotalSpec(BaseModel):
    value: int
    relation: str = "eq"


class RestrictedHit(BaseModel):
    ref: str


class EntityMatches(BaseModel):
    status: int = 200
    results: list[ScoredEntityResponse]
    total: TotalSpec
    query: EntityExample
    restricted: list[RestrictedHit] = Field(default=[])


class EntityMatchResponse(BaseModel):
    responses: dict[str, EntityMatches]
    limit: int
    releases: dict[str, dict[str, Any]] = Field(default={})
    audit_id: int | None = None


class SearchFacetItem(BaseModel):
    name: str
    label: str
    count: int = 1


class SearchFacet(BaseModel):
    label: str
    values: list[SearchFacetItem]


class SearchResponse(BaseModel):
    limit: int
    offset: int = 0
    total: TotalSpec
    results: list[EntityResponse]
    facets: dict[str, SearchFacet] = Field(default={})
    releases: dict[str, dict[str, Any]] = Field(default={})
    audit_id: int | None = None


class DatasetModel(BaseModel):
    name: str
    title: str
    version: str | None = None
    updated_at: str | None = None
    last_export: str | None = None
    children: list[str] = Field(default=[])
    load: bool = True
    index_version: str | None = None
    index_current: bool = True
    entity_count: int | None = None
    classification: str | None = None


class DataCatalogModel(BaseModel):
    datasets: list[DatasetModel]
    current: list[str]
    outdated: list[str]
    index_stale: bool = False


class FeatureDoc(BaseModel):
    description: str | None
    coefficient: float
    url: str | None = None


class AlgorithmDocs(BaseModel):
    name: str
    description: str | None = None
    config: dict[str, Any] = Field(default={})
    features: dict[str, FeatureDoc]


class Algorithm(BaseModel):
    name: str
    description: str | None = None
    features: dict[str, FeatureDoc]
    docs: AlgorithmDocs


class AlgorithmResponse(BaseModel):
    algorithms: list[Algorithm]
    default: str
    best: str
