"""Screening results as data for every shell: the one model of a hit and of its features that
`screen --json`, `batch` and the HTTP API all answer with (field names are the contract).

Built from the library's own values (`Hit`, `Feature`) with `of`; dumped with `dump`.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from watchlist.match.features import Feature
from watchlist.screening.model import Hit


class FeatureResult(BaseModel):
    """One scored feature: its value, what of the query and of the entry it compared, why."""

    model_config = ConfigDict(frozen=True)

    feature: str = Field(description="The feature's name", examples=["birth_date"])
    value: float = Field(
        description="For the name, its score; for another feature, what it adds to the score"
    )
    query: list[str] = Field(
        default=[], description="What of the query was compared", examples=[["1977-08-27"]]
    )
    listed: list[str] = Field(
        default=[], description="What of the listed entry it was compared with"
    )
    explanation: str = Field(description="The comparison in words")

    @classmethod
    def of(cls, feature: Feature) -> FeatureResult:
        return cls(
            feature=feature.name,
            value=round(feature.value, 4),
            query=list(feature.query),
            listed=list(feature.listed),
            explanation=feature.explanation,
        )


class HitResult(BaseModel):
    """A listed entry the query may be; a restricted one carries only `ref`."""

    model_config = ConfigDict(frozen=True, populate_by_name=True)

    id: str | None = Field(description="SOURCE:ID, unique across lists")
    source: str | None
    source_id: str | None
    caption: str | None
    schema_: str | None = Field(alias="schema")
    score: float | None
    explanation: str = Field(description="The features as text, one 'sentence [value]' each")
    features: list[FeatureResult]
    restricted: bool
    ref: str | None = Field(description="Opaque reference of a restricted hit")

    @classmethod
    def of(cls, hit: Hit) -> HitResult:
        visible = hit.source is not None and hit.source_id is not None
        return cls(
            id=f"{hit.source}:{hit.source_id}" if visible else None,
            source=hit.source,
            source_id=hit.source_id,
            caption=hit.caption,
            schema=hit.schema,
            score=None if hit.score is None else round(hit.score, 4),
            explanation=hit.explanation,
            features=[FeatureResult.of(f) for f in hit.features],
            restricted=hit.restricted,
            ref=hit.ref,
        )


def dump(model: BaseModel) -> dict[str, Any]:
    """A result as JSON-ready data, under the field names of the contract."""
    return model.model_dump(mode="json", by_alias=True)


def hit_data(hit: Hit) -> dict[str, Any]:
    return dump(HitResult.of(hit))


def features_data(features: tuple[Feature, ...]) -> list[dict[str, Any]]:
    return [dump(FeatureResult.of(f)) for f in features]
