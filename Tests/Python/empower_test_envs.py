"""Python environments for the tests of Empower's Python environments (python:empower_test_envs:<factory>)."""

import os
import signal

import gymnasium
import numpy as np
from gymnasium import spaces


class Walker(gymnasium.Env):
    """A point in the plane moved by its action; optionally fails at a given step of the process
    while a marker file exists (``fail``: "raise" or "kill"), and records each making in
    ``made_log``."""

    metadata = {"render_modes": ["rgb_array"]}

    def __init__(self, fail=None, marker=None, at_step=50, render_mode=None, made_log=None):
        if made_log:  # one line per environment made, for counting the worker processes
            with open(made_log, "a") as log:
                log.write(f"{os.getpid()}\n")
        self.observation_space = spaces.Dict({
            "position": spaces.Box(-10, 10, (2,), np.float32),
            "phase": spaces.Discrete(3),
        })
        self.action_space = spaces.Box(-1, 1, (2,), np.float32)
        self.fail, self.marker, self.at_step, self.render_mode = fail, marker, at_step, render_mode
        self.steps = 0  # in this process, for the failures
        self.t = 0  # in this episode
        self.position = np.zeros(2, np.float32)

    def observe(self):
        return {"position": self.position.copy(), "phase": self.t % 3}

    def reset(self, *, seed=None, options=None):
        super().reset(seed=seed)
        self.position = self.np_random.uniform(-0.5, 0.5, 2).astype(np.float32)
        self.t = 0
        return self.observe(), {"start_norm": float(np.linalg.norm(self.position))}

    def step(self, action):
        self.steps += 1
        self.t += 1
        if self.fail and self.steps == self.at_step and self.marker and os.path.exists(self.marker):
            if self.fail == "raise":
                raise RuntimeError(f"the walker tripped at step {self.steps}")
            os.kill(os.getpid(), signal.SIGKILL)
        self.position = np.clip(self.position + 0.1 * np.asarray(action, np.float32), -10, 10)
        return self.observe(), 0.0, False, False, {"moved": True}

    def render(self):
        frame = np.full((32, 32, 3), 255, np.uint8)
        x, y = (np.clip(self.position, -1, 1) * 15 + 16).astype(int)
        frame[y, x] = (0, 0, 255)
        return frame


def walker(**arguments):
    return Walker(**arguments)


class TwoPoints:
    """A PettingZoo parallel environment: two agents, each a point in the plane, with a state."""

    metadata = {"name": "two_points", "render_modes": []}

    def __init__(self, max_steps=25):
        from pettingzoo import ParallelEnv  # noqa: F401  (the API this class follows)
        self.possible_agents = ["a", "b"]
        self.agents = []
        self.max_steps = max_steps
        self.state_space = spaces.Box(-10, 10, (4,), np.float32)
        self._observation = spaces.Box(-10, 10, (4,), np.float32)
        self._action = spaces.Box(-1, 1, (2,), np.float32)

    def observation_space(self, agent):
        return self._observation

    def action_space(self, agent):
        return self._action

    def state(self):
        return np.concatenate([self.positions["a"], self.positions["b"]]).astype(np.float32)

    def observe(self):
        s = self.state()
        return {"a": s.copy(), "b": np.concatenate([s[2:], s[:2]])}

    def reset(self, seed=None, options=None):
        if seed is not None or not hasattr(self, "rng"):
            self.rng = np.random.default_rng(seed)
        self.positions = {a: self.rng.uniform(-0.5, 0.5, 2).astype(np.float32) for a in self.possible_agents}
        self.agents, self.t = list(self.possible_agents), 0
        return self.observe(), {a: {} for a in self.agents}

    def step(self, actions):
        for agent, action in actions.items():
            self.positions[agent] = np.clip(self.positions[agent] + 0.1 * np.asarray(action), -10, 10)
        self.t += 1
        done = self.t >= self.max_steps
        observations = self.observe()
        rewards = {a: 0.0 for a in self.agents}
        terminations = {a: False for a in self.agents}
        truncations = {a: done for a in self.agents}
        infos = {a: {} for a in self.agents}
        if done:
            self.agents = []
        return observations, rewards, terminations, truncations, infos

    def close(self):
        pass


def two_points(**arguments):
    return TwoPoints(**arguments)
