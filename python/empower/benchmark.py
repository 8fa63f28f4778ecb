"""Random-action steps per second from Python: ``python -m empower.benchmark [--json]``.

Each measured environment runs through ``gymnasium.make`` (so with Gymnasium's usual
wrappers) with actions drawn in advance, resets included; Gymnasium's
``LunarLanderContinuous-v3`` runs in the same process as the reference when Box2D for
Python is installed. PointMass-v0, whose step costs well under a microsecond in Swift, shows
what the package itself adds per step. Then the vector environment with 8 copies of
TabletopPush-v0 on 1 and 2 Swift threads.
"""

from __future__ import annotations

import argparse
import json
import time

import gymnasium
import numpy as np

import empower  # noqa: F401  (registers empower/<id>)


def steps_per_second(env, seconds: float) -> float:
    env.reset(seed=0)
    env.action_space.seed(0)
    actions = [env.action_space.sample() for _ in range(1024)]
    steps, start = 0, time.perf_counter()
    while True:
        for k in range(1000):
            _, _, terminated, truncated, _ = env.step(actions[k & 1023])
            if terminated or truncated:
                env.reset()
        steps += 1000
        elapsed = time.perf_counter() - start
        if elapsed >= seconds:
            return steps / elapsed


def vector_steps_per_second(threads: int, seconds: float, num_envs: int = 8) -> float:
    envs = gymnasium.make_vec("empower/TabletopPush-v0", num_envs=num_envs, threads=threads)
    envs.reset(seed=0)
    envs.action_space.seed(0)
    actions = [envs.action_space.sample() for _ in range(64)]
    calls, start = 0, time.perf_counter()
    while True:
        for k in range(100):
            envs.step(actions[k & 63])
        calls += 100
        elapsed = time.perf_counter() - start
        if elapsed >= seconds:
            envs.close()
            return calls * num_envs / elapsed


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(prog="python -m empower.benchmark", description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--seconds", type=float, default=2.0, help="time per measurement (default 2)")
    options = parser.parse_args(argv)
    results: dict[str, float | str] = {}
    for env_id in ["TabletopPush-v0", "PointMass-v0"]:
        key = env_id.split("-")[0].lower()
        results[f"{key}_steps_per_second"] = steps_per_second(gymnasium.make(f"empower/{env_id}"), options.seconds)
    try:
        lunar = gymnasium.make("LunarLanderContinuous-v3")
    except gymnasium.error.DependencyNotInstalled:
        results["lunarlander_steps_per_second"] = "not measured: pip install 'gymnasium[box2d]'"
    else:
        results["lunarlander_steps_per_second"] = steps_per_second(lunar, options.seconds)
        results["tabletoppush_over_lunarlander"] = results["tabletoppush_steps_per_second"] / results["lunarlander_steps_per_second"]
    for threads in (1, 2):
        results[f"vector_8envs_{threads}threads_steps_per_second"] = vector_steps_per_second(threads, options.seconds)
    if "tabletoppush_over_lunarlander" in results:
        results["vector_over_lunarlander"] = results["vector_8envs_2threads_steps_per_second"] / results["lunarlander_steps_per_second"]
    rounded = {k: (round(v, 2) if isinstance(v, float) else v) for k, v in results.items()}
    if options.json:
        print(json.dumps(rounded))
        return
    width = max(map(len, rounded))
    for key, value in rounded.items():
        print(f"{key:<{width}}  {value}")


if __name__ == "__main__":
    main()
