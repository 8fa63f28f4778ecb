"""N Empower environments stepped together on Swift threads, as a Gymnasium vector env."""

import gymnasium
import numpy as np
import pytest
from gymnasium.vector import AutoresetMode

import empower


def rollout(threads, seed=3, steps=60, **arguments):
    envs = gymnasium.make_vec("empower/TabletopPush-v0", num_envs=8, threads=threads, **arguments)
    observations, _ = envs.reset(seed=seed)
    envs.action_space.seed(seed)
    trace = [observations]
    finals = 0
    for _ in range(steps):
        observations, rewards, terminated, truncated, infos = envs.step(envs.action_space.sample())
        trace += [observations, rewards, terminated, truncated]
        finals += int(infos.get("_final_obs", np.zeros(8, bool)).sum())
    envs.close()
    return trace, finals


def test_shapes_and_metadata():
    envs = gymnasium.make_vec("empower/TabletopPush-v0", num_envs=8, threads=2)
    assert isinstance(envs.unwrapped, empower.EmpowerVectorEnv)
    assert envs.metadata["autoreset_mode"] == AutoresetMode.SAME_STEP
    observations, _ = envs.reset(seed=0)
    assert observations.shape == (8, 19) and observations.dtype == np.float32
    assert envs.observation_space.contains(observations)
    _, rewards, terminated, truncated, infos = envs.step(envs.action_space.sample())
    assert rewards.shape == (8,) and terminated.dtype == bool and truncated.shape == (8,)
    assert infos["safety_events"]["total"].shape == (8,)
    envs.close()


def test_two_threads_equal_one_thread_bit_for_bit():
    one, _ = rollout(threads=1)
    two, _ = rollout(threads=2)
    assert all(np.array_equal(a, b) for a, b in zip(one, two))
    other, _ = rollout(threads=2, seed=4)
    assert not np.array_equal(one[0], other[0])


def test_same_step_autoreset_gives_final_observations():
    envs = empower.EmpowerVectorEnv("TabletopPush-v0", num_envs=4, threads=2, maxEpisodeSteps=5)
    observations, _ = envs.reset(seed=0)
    for step in range(5):
        previous = observations
        observations, _, terminated, truncated, infos = envs.step(np.zeros((4, 3), dtype=np.float32))
    assert truncated.all() and not terminated.any()
    assert infos["_final_obs"].all()
    for i in range(4):
        final = infos["final_obs"][i]
        assert final.shape == (19,)
        assert not np.array_equal(final, observations[i])  # the row already holds the next episode
        assert np.allclose(final[:9], previous[i][:9], atol=0.5)  # and final_obs continues the last one
        assert "safety_events" in infos["final_info"]
    envs.close()


def test_bad_inputs_are_typed_errors():
    envs = empower.EmpowerVectorEnv("PointMass-v0", num_envs=2, threads=1)
    envs.reset(seed=0)
    with pytest.raises(empower.EmpowerValueError, match="expected 4"):
        envs.step(np.zeros(3, dtype=np.float32))
    with pytest.raises(empower.EmpowerValueError, match="one master seed"):
        envs.reset(seed=[1, 2])
    envs.close()
    with pytest.raises(empower.EmpowerValueError, match="num_envs"):
        empower.EmpowerVectorEnv("PointMass-v0", num_envs=0)


def test_fast_batching_equals_gymnasium_batching():
    envs = empower.EmpowerVectorEnv("PointMass-v0", num_envs=3, threads=1)
    infos = [{"x": 0.5, "n": 2, "flag": True, "safety_events": {"total": k, "joint_at_limit": 1}} for k in range(3)]
    reference: dict = {}
    for i, info in enumerate(infos):
        reference = envs._add_info(reference, info, i)
    fast = empower.vector.batch_uniform(infos)

    def same(a, b):
        assert a.keys() == b.keys()
        for key in a:
            if isinstance(a[key], dict):
                same(a[key], b[key])
            else:
                assert a[key].dtype == b[key].dtype and np.array_equal(a[key], b[key]), key

    same(fast, reference)
    assert empower.vector.batch_uniform([{"x": 1.0}, {"y": 1.0}, {"x": 1.0}]) is None
    envs.close()
