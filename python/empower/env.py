"""Empower's single-agent environments as Gymnasium environments."""

from __future__ import annotations

import ctypes
import json

import gymnasium
import numpy as np

from . import _native
from .spaces import flat_action, shaped, to_gymnasium

_INFO_CAPACITY = 4096


def copy_info(info: dict) -> dict:
    """A copy of an info that the caller may change freely (infos nest one level deep)."""
    return {key: dict(value) if type(value) is dict else value for key, value in info.items()}


class EmpowerEnv(_native.NativeHandle, gymnasium.Env):
    """One built-in Empower environment, stepped in Swift.

    ``gymnasium.make("empower/TabletopPush-v0", objects=2)`` builds one after
    ``import empower``; keyword arguments other than ``render_mode`` are the environment's
    own arguments (``empower.catalog()`` lists them). Observations are float32 arrays, infos
    dictionaries (``safety_events``, ``episode`` and the environment's own values).
    ``render()`` returns an RGB array of shape (height, width, 3) with
    ``render_mode="rgb_array"``.
    """

    metadata = {"render_modes": ["rgb_array"], "render_fps": 30}

    def __init__(self, env_id: str, render_mode: str | None = None, **arguments):
        if render_mode is not None and render_mode not in self.metadata["render_modes"]:
            raise _native.EmpowerValueError(
                f"invalid_argument: render_mode {render_mode!r} is not supported by {env_id}; use 'rgb_array' or None")
        self._make(env_id.encode(), _native.arguments_json(arguments))
        self.empower_spec = _native.take_json(self._lib.empower_env_spec_json(self._handle))
        self.observation_space = to_gymnasium(self.empower_spec["observation_space"])
        self.action_space = to_gymnasium(self.empower_spec["action_space"])
        self.render_mode = render_mode
        self._observation_size = self.empower_spec["observation_space"]["size"]
        self._action_size = self.empower_spec["action_space"]["size"]
        self._observation = np.zeros(self._observation_size, dtype=np.float32)
        self._observation_pointer = _native.address(self._observation)
        self._reward = ctypes.c_float()
        self._flags = ctypes.c_int32()
        self._info = ctypes.create_string_buffer(_INFO_CAPACITY)
        self._info_length = ctypes.c_int64()
        self._last_info_text = b""
        # Made once: step() is the hot path, and byref() costs a little on every call.
        self._reward_ref, self._flags_ref = ctypes.byref(self._reward), ctypes.byref(self._flags)
        self._info_length_ref, self._error_ref = ctypes.byref(self._info_length), ctypes.byref(self._error)
        self._last_info: dict = {}

    def _take_info(self) -> dict:
        length = self._info_length.value
        if length == 0:
            return {}
        if length >= len(self._info):
            self._info = ctypes.create_string_buffer(length + 1)
            self._lib.empower_env_last_info(self._handle, self._info, len(self._info))
        text = self._info.value
        if text != self._last_info_text:  # most steps repeat the last info: parse it once
            self._last_info = json.loads(text)
            self._last_info_text = text
        return copy_info(self._last_info)

    def reset(self, *, seed: int | None = None, options: dict | None = None):
        super().reset(seed=seed)
        self._require_open()
        has_seed, value = _native.seed_arguments(seed)
        _native.check(self._lib.empower_env_reset(
            self._handle, has_seed, value, self._observation_pointer, self._info, len(self._info),
            ctypes.byref(self._info_length), ctypes.byref(self._error)), self._error)
        return shaped(self.observation_space, self._observation.copy()), self._take_info()

    def step(self, action):
        self._require_open()
        flat = flat_action(self.action_space, action, self._action_size)
        _native.check(self._lib.empower_env_step(
            self._handle, flat.ctypes.data, flat.size, self._observation_pointer, self._reward_ref, self._flags_ref,
            self._info, len(self._info), self._info_length_ref, self._error_ref), self._error)
        flags = self._flags.value
        return (shaped(self.observation_space, self._observation.copy()), float(self._reward.value),
                bool(flags & 1), bool(flags & 2), self._take_info())

    def render(self):
        if self.render_mode is None:
            gymnasium.logger.warn(
                "render() was called without a render_mode; make the environment with render_mode='rgb_array'")
            return None
        return self._render_frame()

    def close(self):
        self._close_handle()
        super().close()
