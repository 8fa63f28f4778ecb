"""Empower's environments from Python: Gymnasium environments, a Gymnasium vector environment
stepped on Swift threads, and PettingZoo parallel environments for the multi-agent ones.

```python
import gymnasium
import empower                      # registers every built-in environment as empower/<id>

env = gymnasium.make("empower/TabletopPush-v0", render_mode="rgb_array")
observation, info = env.reset(seed=0)
observation, reward, terminated, truncated, info = env.step(env.action_space.sample())

envs = gymnasium.make_vec("empower/TabletopPush-v0", num_envs=8, threads=2)
spread = empower.parallel_env("ParticleSpread-v0", agents=3)
```
"""

from __future__ import annotations

from ._native import EmpowerError, EmpowerValueError, LibraryNotFoundError, library, take_json
from .env import EmpowerEnv
from .vector import EmpowerVectorEnv

__all__ = [
    "EmpowerEnv", "EmpowerVectorEnv", "EmpowerParallelEnv", "EmpowerError", "EmpowerValueError",
    "LibraryNotFoundError", "catalog", "parallel_env", "register_environments",
]

NAMESPACE = "empower"


def catalog() -> dict:
    """Every built-in environment: ``{"single_agent": [...], "multi_agent": [...]}``, each entry
    with its ``id``, ``summary``, ``max_episode_steps`` and ``parameters``."""
    return take_json(library().empower_catalog_json())


def parallel_env(env_id: str, **arguments):
    """A multi-agent environment as a PettingZoo parallel environment (needs ``pettingzoo``)."""
    from .parallel import EmpowerParallelEnv

    return EmpowerParallelEnv(env_id, **arguments)


def __getattr__(name):
    if name == "EmpowerParallelEnv":  # imported on first use: PettingZoo is optional
        from .parallel import EmpowerParallelEnv

        return EmpowerParallelEnv
    raise AttributeError(f"module 'empower' has no attribute {name!r}")


def register_environments() -> list[str]:
    """Registers every single-agent environment with Gymnasium as ``empower/<id>`` (with a
    vector entry point); done on import. Returns the registered ids."""
    import gymnasium

    registered = []
    for entry in catalog()["single_agent"]:
        name = f"{NAMESPACE}/{entry['id']}"
        if name not in gymnasium.registry:
            gymnasium.register(
                id=name, entry_point="empower.env:EmpowerEnv", vector_entry_point="empower.vector:EmpowerVectorEnv",
                kwargs={"env_id": entry["id"]}, disable_env_checker=False)
        registered.append(name)
    return registered


register_environments()
