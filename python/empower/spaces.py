"""Empower's spaces (as the library describes them in JSON) as Gymnasium spaces, and values
between the two: Empower passes every value as a flat list of float32."""

from __future__ import annotations

import numpy as np
from gymnasium import spaces


def to_gymnasium(description: dict) -> spaces.Space:
    kind = description["kind"]
    if kind == "box":
        shape = tuple(description["shape"])
        low = np.array([float(x) for x in description["low"]], dtype=np.float32).reshape(shape)
        high = np.array([float(x) for x in description["high"]], dtype=np.float32).reshape(shape)
        return spaces.Box(low=low, high=high, shape=shape, dtype=np.float32)
    if kind == "discrete":
        return spaces.Discrete(description["n"], start=description.get("start", 0))
    if kind == "multi_binary":
        return spaces.MultiBinary(list(description["shape"]))
    raise ValueError(f"Empower space of unknown kind {kind!r}")


def flat_action(space: spaces.Space, action, size: int) -> np.ndarray:
    """``action`` as the contiguous float32 array of ``size`` values that Empower reads."""
    if isinstance(space, spaces.Discrete):
        return np.array([int(action)], dtype=np.float32)
    flat = np.ascontiguousarray(action, dtype=np.float32).reshape(-1)
    if flat.size != size:
        from ._native import EmpowerValueError
        raise EmpowerValueError(
            f"invalid_action: the action has {flat.size} values, expected {size} (action space {space})")
    return flat


def shaped(space: spaces.Space, flat: np.ndarray):
    """A flat float32 observation as a value of ``space``."""
    if isinstance(space, spaces.Box):
        return flat.reshape(space.shape)
    if isinstance(space, spaces.Discrete):
        return np.int64(flat[0])
    return flat.astype(np.int8).reshape(space.shape)
