"""Empower's multi-agent environments as PettingZoo parallel environments."""

from __future__ import annotations

import ctypes
import json

import numpy as np
from pettingzoo import ParallelEnv

from . import _native
from .spaces import flat_action, shaped, to_gymnasium


class EmpowerParallelEnv(_native.NativeHandle, ParallelEnv):
    """A built-in multi-agent environment (``ParticleSpread-v0``, ``CooperativePush-v0``).

    ``empower.parallel_env("ParticleSpread-v0", agents=3)``; keyword arguments other than
    ``render_mode`` are the environment's own. ``state()`` is the global state.
    """

    metadata = {"render_modes": ["rgb_array"], "render_fps": 30, "is_parallelizable": True}
    _KIND = "parallel"

    def __init__(self, env_id: str, render_mode: str | None = None, **arguments):
        if render_mode is not None and render_mode not in self.metadata["render_modes"]:
            raise _native.EmpowerValueError(
                f"invalid_argument: render_mode {render_mode!r} is not supported by {env_id}; use 'rgb_array' or None")
        self._make(env_id.encode(), _native.arguments_json(arguments))
        self.empower_spec = _native.take_json(self._lib.empower_parallel_spec_json(self._handle))
        self.metadata = dict(self.metadata, name=env_id)
        self.render_mode = render_mode
        self.possible_agents = list(self.empower_spec["possible_agents"])
        self.agents = []
        self.observation_spaces = {a: to_gymnasium(s) for a, s in self.empower_spec["observation_spaces"].items()}
        self.action_spaces = {a: to_gymnasium(s) for a, s in self.empower_spec["action_spaces"].items()}
        self._action_sizes = {a: s["size"] for a, s in self.empower_spec["action_spaces"].items()}
        self.state_space = to_gymnasium(self.empower_spec["state_space"])

    def observation_space(self, agent):
        return self.observation_spaces[agent]

    def action_space(self, agent):
        return self.action_spaces[agent]

    def _result(self, pointer):
        document = _native.take_json(pointer)
        self.agents = list(document["agents"])
        observations = {a: shaped(self.observation_spaces[a], np.array([float(x) for x in v], dtype=np.float32))
                        for a, v in document["observations"].items()}
        return document, observations

    def reset(self, seed: int | None = None, options: dict | None = None):
        self._require_open()
        has_seed, value = _native.seed_arguments(seed)
        result = ctypes.c_void_p()
        _native.check(self._lib.empower_parallel_reset(
            self._handle, has_seed, value, ctypes.byref(result), ctypes.byref(self._error)), self._error)
        document, observations = self._result(result.value)
        return observations, {a: document["infos"].get(a, {}) for a in observations}

    def step(self, actions):
        self._require_open()
        flat = {a: flat_action(self.action_spaces[a], action, self._action_sizes[a]).tolist()
                for a, action in actions.items() if a in self.action_spaces}
        unknown = [a for a in actions if a not in self.action_spaces]
        if unknown:
            raise _native.EmpowerValueError(
                f"invalid_agent: actions given for {unknown}, which are not agents of {self.metadata['name']} (agents are {self.possible_agents})")
        result = ctypes.c_void_p()
        _native.check(self._lib.empower_parallel_step(
            self._handle, json.dumps(flat).encode(), ctypes.byref(result), ctypes.byref(self._error)), self._error)
        document, observations = self._result(result.value)
        infos = {a: document["infos"].get(a, {}) for a in observations}
        return (observations, {a: float(r) for a, r in document["rewards"].items()},
                dict(document["terminations"]), dict(document["truncations"]), infos)

    def state(self):
        self._require_open()
        state = np.zeros(self.empower_spec["state_space"]["size"], dtype=np.float32)
        _native.check(self._lib.empower_parallel_state(self._handle, _native.address(state), ctypes.byref(self._error)), self._error)
        return state

    def render(self):
        if self.render_mode is None:
            return None
        return self._render_frame()

    def close(self):
        self._close_handle()
