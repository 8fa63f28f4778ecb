"""N copies of one Empower environment stepped together on Swift threads, as a Gymnasium
vector environment."""

from __future__ import annotations

import ctypes
import json
import os

import numpy as np
from gymnasium.vector import AutoresetMode, VectorEnv
from gymnasium.vector.utils import batch_space

from . import _native
from .spaces import to_gymnasium

_INFOS_CAPACITY = 1 << 16


def batch_uniform(infos: list) -> dict | None:
    """Batched infos (Gymnasium's layout: an array per key, a mask ``_key`` beside it) when every
    environment's info has the same keys, as on most steps; None otherwise."""
    first = infos[0]
    if any(info.keys() != first.keys() for info in infos):
        return None
    batched: dict = {}
    for key, value in first.items():
        if type(value) is dict:
            inner = batch_uniform([info[key] for info in infos])
            if inner is None:
                return None
            batched[key] = inner
        else:
            batched[key] = np.array([info[key] for info in infos])
        batched["_" + key] = np.ones(len(infos), dtype=bool)
    return batched


def copy_infos(infos: dict) -> dict:
    """A copy of batched infos that the caller may change freely."""
    return {key: copy_infos(value) if type(value) is dict else value.copy() for key, value in infos.items()}


class EmpowerVectorEnv(_native.NativeHandle, VectorEnv):
    """``num_envs`` copies of a built-in environment, stepped by ``threads`` Swift threads.

    ``gymnasium.make_vec("empower/TabletopPush-v0", num_envs=8)`` builds one after
    ``import empower``, or ``EmpowerVectorEnv("TabletopPush-v0", num_envs=8, threads=2)``.
    Observations are float32 arrays of shape ``(num_envs, *observation_shape)``.

    Autoreset is same-step (``metadata["autoreset_mode"]`` is ``AutoresetMode.SAME_STEP``):
    when an episode ends, the row of the returned observations is already the first
    observation of the next episode; ``infos["final_obs"]`` and ``infos["final_info"]`` (masks
    ``infos["_final_obs"]``, ``infos["_final_info"]``) hold the ended episode's last
    observation and info. ``reset(seed=s)`` seeds environment i from ``s`` and ``i``
    (Empower's derivation: the same ``s`` always gives the same batch); a list of seeds is not
    accepted.
    """

    metadata = {"autoreset_mode": AutoresetMode.SAME_STEP, "render_modes": []}
    _KIND = "vector"
    _WHAT = "vector environment"

    def __init__(self, env_id: str, num_envs: int = 1, threads: int | None = None, render_mode: str | None = None, **arguments):
        if render_mode is not None:
            raise _native.EmpowerValueError(
                f"invalid_argument: the Empower vector environment does not render (render_mode {render_mode!r}); render a single environment")
        if threads is None:
            threads = min(int(num_envs), os.cpu_count() or 1)
        self._make(env_id.encode(), _native.arguments_json(arguments), int(num_envs), int(threads))
        self.empower_spec = _native.take_json(self._lib.empower_vector_spec_json(self._handle))
        self.num_envs = self.empower_spec["num_envs"]
        self.threads = self.empower_spec["threads"]
        self.single_observation_space = to_gymnasium(self.empower_spec["observation_space"])
        self.single_action_space = to_gymnasium(self.empower_spec["action_space"])
        self.observation_space = batch_space(self.single_observation_space, self.num_envs)
        self.action_space = batch_space(self.single_action_space, self.num_envs)
        self._observation_size = self.empower_spec["observation_space"]["size"]
        self._action_size = self.empower_spec["action_space"]["size"]
        self._observations = np.zeros((self.num_envs, self._observation_size), dtype=np.float32)
        self._rewards = np.zeros(self.num_envs, dtype=np.float32)
        self._flags = np.zeros(self.num_envs, dtype=np.int32)
        self._addresses = tuple(_native.address(a) for a in (self._observations, self._rewards, self._flags))
        self._infos = ctypes.create_string_buffer(_INFOS_CAPACITY)
        self._infos_length = ctypes.c_int64()
        self._last_infos_text = b""
        self._last_infos: dict = {}

    def _shape(self, observations: np.ndarray) -> np.ndarray:
        return observations.reshape(self.observation_space.shape)

    def reset(self, *, seed: int | None = None, options: dict | None = None):
        self._require_open()
        if isinstance(seed, (list, tuple)):
            raise _native.EmpowerValueError(
                "invalid_argument: the Empower vector environment takes one master seed (an int); environment i is seeded from it and i")
        super().reset(seed=seed)
        has_seed, value = _native.seed_arguments(seed)
        _native.check(self._lib.empower_vector_reset(
            self._handle, has_seed, value, self._addresses[0], ctypes.byref(self._error)), self._error)
        return self._shape(self._observations.copy()), {}

    def step(self, actions):
        self._require_open()
        flat = np.ascontiguousarray(actions, dtype=np.float32).reshape(-1)
        expected = self.num_envs * self._action_size
        if flat.size != expected:
            raise _native.EmpowerValueError(
                f"invalid_action: the actions have {flat.size} values, expected {expected} ({self.num_envs} environments x {self._action_size})")
        _native.check(self._lib.empower_vector_step(
            self._handle, flat.ctypes.data, flat.size, *self._addresses,
            self._infos, len(self._infos), ctypes.byref(self._infos_length), ctypes.byref(self._error)), self._error)
        terminations = (self._flags & 1).astype(bool)
        truncations = (self._flags & 2).astype(bool)
        return (self._shape(self._observations.copy()), self._rewards.astype(np.float64), terminations, truncations,
                self._vector_infos(terminations | truncations))

    def _vector_infos(self, ended: np.ndarray) -> dict:
        length = self._infos_length.value
        if length == 0:
            return {}
        if length >= len(self._infos):
            self._infos = ctypes.create_string_buffer(length + 1)
            self._lib.empower_vector_last_infos(self._handle, self._infos, len(self._infos))
        text = self._infos.value
        if text != self._last_infos_text:  # most steps repeat the last infos: batch them once
            self._last_infos = self._batch_infos(json.loads(text), ended)
            self._last_infos_text = text
        return copy_infos(self._last_infos)

    def _batch_infos(self, document: dict, ended: np.ndarray) -> dict:
        if not ended.any():
            uniform = batch_uniform(document["infos"])
            if uniform is not None:
                return uniform
        infos: dict = {}
        shape = self.single_observation_space.shape
        for i, (info, final) in enumerate(zip(document["infos"], document["final_observations"])):
            if ended[i]:
                final_obs = np.array([float(x) for x in final], dtype=np.float32).reshape(shape)
                infos = self._add_info(infos, {"final_obs": final_obs, "final_info": info}, i)
            elif info:
                infos = self._add_info(infos, info, i)
        return infos

    def close_extras(self, **kwargs):
        self._close_handle()
