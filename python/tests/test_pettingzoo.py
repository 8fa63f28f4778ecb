"""Empower's multi-agent environments through PettingZoo's parallel API."""

import numpy as np
import pytest
from pettingzoo.test import parallel_api_test, parallel_seed_test

import empower

MULTI = [entry["id"] for entry in empower.catalog()["multi_agent"]]


@pytest.mark.parametrize("env_id", MULTI)
def test_parallel_api(env_id):
    parallel_api_test(empower.parallel_env(env_id), num_cycles=300)


@pytest.mark.parametrize("env_id", MULTI)
def test_seeds(env_id):
    parallel_seed_test(lambda: empower.parallel_env(env_id))


def test_arguments_state_and_render():
    env = empower.parallel_env("ParticleSpread-v0", agents=4, render_mode="rgb_array")
    observations, infos = env.reset(seed=1)
    assert len(env.possible_agents) == 4 and set(observations) == set(env.agents)
    assert env.state().shape == env.state_space.shape
    frame = env.render()
    assert frame.dtype == np.uint8 and frame.shape[2] == 3
    with pytest.raises(empower.EmpowerValueError, match="invalid_agent"):
        env.step({"nobody": np.zeros(2, dtype=np.float32)})
    env.close()
