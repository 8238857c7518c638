"""What the learned argument rankers (country, date, count) share: a linear model over a
candidate's features with the margin its best candidate must win by, read from a JSON in
analyze/data/ that says whether it is switched on, and the block of analyses a chosen
model is used for instead of the stored one (the trainers' and the tests' way in)."""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any, Generic, TypeVar


@dataclass(frozen=True)
class Linear:
    """A bias, a weight per feature name, and the margin a change of the rules' pick needs."""

    bias: float
    weights: dict[str, float]
    margin: float

    def logit(self, features: Mapping[str, float] | Iterable[str]) -> float:
        """The log-odds of a candidate: its features as names (value 1) or names and values."""
        if isinstance(features, Mapping):
            pairs: Iterable[tuple[str, float]] = features.items()
        else:
            pairs = ((f, 1.0) for f in features)
        return self.bias + sum(self.weights.get(k, 0.0) * v for k, v in pairs)

    def probability(self, features: Mapping[str, float] | Iterable[str]) -> float:
        """The logit as a probability (clipped, so no overflow)."""
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, self.logit(features)))))


def linear_fields(data: Mapping[str, Any]) -> dict[str, Any]:
    """The bias, weights and margin of a stored model, as keyword arguments."""
    return {
        "bias": float(data["bias"]),
        "weights": {str(k): float(v) for k, v in data["weights"].items()},
        "margin": float(data["margin"]),
    }


@lru_cache(maxsize=8)
def stored_model(model_file: str) -> dict[str, Any] | None:
    """The stored JSON of a model in analyze/data/ (None when the file is absent)."""
    path = resources.files("tumen.analyze") / "data" / model_file
    if not path.is_file():
        return None
    data: dict[str, Any] = json.loads(path.read_text("utf-8"))
    return data


R = TypeVar("R")


class Switch(Generic[R]):
    """Which model of one kind analysis uses: one chosen for a block of analyses, else the
    stored one when its JSON says it is switched on, else none."""

    def __init__(self, name: str, model_file: str, from_json: Callable[[dict[str, Any]], R]):
        self.model_file = model_file
        self._from_json = from_json
        # empty: the stored one; (None,): none
        self._chosen: ContextVar[tuple[R | None, ...]] = ContextVar(name, default=())

    @contextmanager
    def using(self, model: R | None) -> Iterator[None]:
        """Analyse with this model (None: none) instead of the stored one inside the block."""
        token = self._chosen.set((model,))
        try:
            yield
        finally:
            self._chosen.reset(token)

    def load(self) -> R | None:
        """The model in use: the chosen one, else the stored one when it is switched on."""
        chosen = self._chosen.get()
        if chosen:
            return chosen[0]
        model: R | None = _enabled(self.model_file, self._from_json)
        return model


T = TypeVar("T")


class Recorder(Generic[T]):
    """Where a trainer collects the rows each analysis inside a block yields (none outside
    one, so analysis records nothing)."""

    def __init__(self, name: str):
        self._into: ContextVar[list[T] | None] = ContextVar(name, default=None)

    @contextmanager
    def recording(self, into: list[T]) -> Iterator[None]:
        """Append every row analysis yields inside the block to `into`."""
        token = self._into.set(into)
        try:
            yield
        finally:
            self._into.reset(token)

    def get(self) -> list[T] | None:
        """The list rows go to, or None outside a recording block."""
        return self._into.get()


@lru_cache(maxsize=8)
def _enabled(model_file: str, from_json: Callable[[dict[str, Any]], Any]) -> Any:
    data = stored_model(model_file)
    return from_json(data) if data is not None and data.get("enabled") else None
