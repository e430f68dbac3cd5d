"""Request and response models of the native API (/v1), separate from the library's rows."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from watchlist.screening.results import FeatureResult, HitResult


class Problem(BaseModel):
    """Every error: what went wrong, in words (or, for a bad field, where and what)."""

    detail: str | list[dict[str, Any]] = Field(examples=["no list named 'banana'"])


class Status(BaseModel):
    status: str = Field("ok", examples=["ok"])


class ReleaseUsedModel(BaseModel):
    release: int
    published: str


Releases = dict[str, ReleaseUsedModel]


class ScreenQuery(BaseModel):
    """One name to screen, with what else is known of its bearer."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=500, examples=["Pavel Karpov"])
    schema_: str | None = Field(
        None, alias="schema", max_length=40, examples=["Person"], description="FtM schema"
    )
    birth_dates: list[str] = Field(default=[], max_length=20, examples=[["1972-03-01"]])
    countries: list[str] = Field(default=[], max_length=50, examples=[["ru"]])
    identifiers: list[str] = Field(default=[], max_length=50)
    gender: str | None = Field(None, max_length=20, examples=["male"])
    threshold: float | None = Field(None, ge=0.0, le=1.0)
    limit: int = Field(10, ge=1, le=100)


#: A hit and its features: the library's result models, the same `screen --json` prints.
FeatureModel = FeatureResult
HitModel = HitResult


class ScreenResult(BaseModel):
    hits: list[HitModel]
    releases: Releases
    audit_id: int


class BatchQuery(ScreenQuery):
    id: str = Field(min_length=1, max_length=255, description="The caller's id of the query")


class BatchRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    queries: list[BatchQuery] = Field(min_length=1)


class BatchAnswer(BaseModel):
    id: str
    hits: list[HitModel]


class BatchResult(BaseModel):
    results: list[BatchAnswer]
    releases: Releases
    audit_id: int


class ComparePair(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name1: str = Field(min_length=1, max_length=500)
    name2: str = Field(min_length=1, max_length=500)
    schema_: str | None = Field(None, alias="schema", max_length=40)


class CompareRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    pairs: list[ComparePair] = Field(min_length=1)
    threshold: float | None = Field(None, ge=0.0, le=1.0)


class CompareAnswer(BaseModel):
    name1: str
    name2: str
    score: float
    match: bool
    explanation: str


class CompareResult(BaseModel):
    results: list[CompareAnswer]
