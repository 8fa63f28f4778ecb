"""Empower's single-agent environments through Gymnasium's API."""

import gymnasium
import numpy as np
import pytest
from gymnasium.utils.env_checker import check_env

import empower

SINGLE = [entry["id"] for entry in empower.catalog()["single_agent"]]


def test_catalog_lists_every_environment():
    catalog = empower.catalog()
    assert "TabletopPush-v0" in SINGLE and "PointMass-v0" in SINGLE
    assert {e["id"] for e in catalog["multi_agent"]} == {"ParticleSpread-v0", "CooperativePush-v0"}
    push = next(e for e in catalog["single_agent"] if e["id"] == "TabletopPush-v0")
    assert {"objects", "actionMode", "maxEpisodeSteps"} <= {p["name"] for p in push["parameters"]}


@pytest.mark.parametrize("env_id", SINGLE)
def test_check_env(env_id):
    env = gymnasium.make(f"empower/{env_id}", render_mode="rgb_array")
    check_env(env.unwrapped, skip_render_check=False)
    env.close()


@pytest.mark.parametrize("env_id", SINGLE)
def test_same_seed_same_episode(env_id):
    def episode(seed):
        env = gymnasium.make(f"empower/{env_id}")
        observation, _ = env.reset(seed=seed)
        env.action_space.seed(seed)
        trace = [observation]
        for _ in range(50):
            observation, reward, terminated, truncated, _ = env.step(env.action_space.sample())
            trace += [observation, np.float32(reward)]
            if terminated or truncated:
                trace.append(env.reset()[0])
        env.close()
        return np.concatenate([np.atleast_1d(x).astype(np.float32).ravel() for x in trace])

    first, again, other = episode(7), episode(7), episode(8)
    assert np.array_equal(first, again)
    assert not np.array_equal(first, other)


def test_render_is_an_rgb_array():
    env = gymnasium.make("empower/TabletopPush-v0", render_mode="rgb_array")
    env.reset(seed=0)
    frame = env.render()
    assert frame.dtype == np.uint8 and frame.ndim == 3 and frame.shape[2] == 3
    assert frame.std() > 0  # a picture, not a blank
    env.close()


def test_arguments_reach_the_environment():
    env = gymnasium.make("empower/TabletopPush-v0", objects=2, actionMode="end_effector", maxEpisodeSteps=5)
    observation, _ = env.reset(seed=0)
    assert observation.shape == (12 + 7 * 2,)
    assert env.action_space.shape == (2,)
    for step in range(5):
        _, _, terminated, truncated, _ = env.step(np.zeros(2, dtype=np.float32))
    assert truncated and not terminated
    env.close()


def test_tabletop_infos_carry_safety_events():
    env = gymnasium.make("empower/TabletopPush-v0")
    env.reset(seed=0)
    _, _, _, _, info = env.step(np.ones(3, dtype=np.float32))
    assert set(info["safety_events"]) == {"object_off_table", "joint_at_limit", "excessive_impulse", "end_effector_out_of_workspace", "total"}
    info["safety_events"]["total"] = 99  # the caller's own copy
    _, _, _, _, again = env.step(np.ones(3, dtype=np.float32))
    assert again["safety_events"]["total"] != 99
    env.close()


def test_bad_inputs_are_typed_errors():
    with pytest.raises(empower.EmpowerValueError, match="unknown_environment"):
        empower.EmpowerEnv("TabletopPus-v0")
    with pytest.raises(empower.EmpowerValueError, match="objects"):
        gymnasium.make("empower/TabletopPush-v0", objects=7)
    with pytest.raises(empower.EmpowerValueError, match="render_mode"):
        empower.EmpowerEnv("PointMass-v0", render_mode="human")
    env = empower.EmpowerEnv("PointMass-v0")
    with pytest.raises(empower.EmpowerError, match="step_before_reset"):
        env.step(np.zeros(2, dtype=np.float32))
    env.reset(seed=0)
    with pytest.raises(empower.EmpowerValueError, match="3 values, expected 2"):
        env.step(np.zeros(3, dtype=np.float32))
    with pytest.raises(empower.EmpowerValueError, match="non_finite_action"):
        env.step(np.array([np.nan, 0], dtype=np.float32))
    with pytest.raises(empower.EmpowerValueError, match="seed"):
        env.reset(seed=2**64)
    env.close()
    with pytest.raises(empower.EmpowerError, match="closed"):
        env.reset()
    env.close()  # twice is harmless
