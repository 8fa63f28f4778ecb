// The Python side of PythonWorker: run as `python -c <source> <target> <arguments JSON>`.
// Kept as Swift text so the `empower` executable needs no file beside it.
enum PythonWorkerSource {
    static let text = #"""
# Empower's Python environment worker: one environment per process, driven over a pipe.
# Requests on the protocol input: one opcode byte, then its arguments.
#   R u8 has_seed u64 seed           reset
#   S u32 n, n float32               step (the flat action); the reply's bytes are f64 reward,
#                                    u32 flags (1 terminated, 2 truncated), then the observation
#   s u32 json_length, json          multi-agent step ({"agent": [floats]})
#   D                                render
#   X                                state (multi-agent)
#   Q                                quit
# Replies: one status byte, b"O" or b"E", then u32 json_length, json, u32 byte_count, bytes
# (float32 values: an observation, a state; or a frame's RGB bytes).
# The first reply, sent unasked, describes the environment (or the error making it).
import json, os, select, struct, sys, time, traceback

proto_in_fd = os.dup(0)
os.set_blocking(proto_in_fd, False)
proto_out = os.fdopen(os.dup(1), "wb", buffering=0)
os.dup2(2, 1)  # the environment's own prints go to stderr, not into the protocol
devnull = os.open(os.devnull, os.O_RDONLY)
os.dup2(devnull, 0)
sys.stdout = sys.stderr

import numpy as np

FLOAT = np.float32


SPIN_SECONDS = 200e-6


def read_exact(n):
    # Waits by spinning briefly before sleeping in select(): waking a sleeping process on
    # another core costs tens of microseconds on virtual machines, more than most steps.
    data = b""
    while len(data) < n:
        try:
            chunk = os.read(proto_in_fd, n - len(data))
        except BlockingIOError:
            deadline = time.perf_counter() + SPIN_SECONDS
            while True:
                try:
                    chunk = os.read(proto_in_fd, n - len(data))
                    break
                except BlockingIOError:
                    if time.perf_counter() > deadline:
                        select.select([proto_in_fd], [], [])
                        deadline = time.perf_counter() + SPIN_SECONDS
        if not chunk:
            sys.exit(0)
        data += chunk
    return data


def reply(status, document, floats=None, raw=None):
    body = json.dumps(document).encode()
    data = raw if raw is not None else np.ascontiguousarray(floats if floats is not None else np.zeros(0), dtype="<f4").tobytes()
    proto_out.write(status + struct.pack("<I", len(body)) + body + struct.pack("<I", len(data)) + data)


def error_document(error, where):
    lines = traceback.format_exception(type(error), error, error.__traceback__)
    last = "".join(traceback.format_exception_only(type(error), error)).strip().splitlines()[-1]
    return {"where": where, "type": type(error).__name__, "message": str(error), "last_line": last, "traceback": "".join(lines)[-4000:]}


class Unsupported(Exception):
    pass


class NoRender(Exception):
    pass


def bound(value):
    value = float(value)
    return value if np.isfinite(value) else ("inf" if value > 0 else "-inf")


class Flat:
    """One Gymnasium space as Empower sees it: flat float32 values."""

    def __init__(self, space, role, name):
        from gymnasium import spaces
        self.space, self.role, self.groups = space, role, {}
        if isinstance(space, spaces.Box):
            if not np.issubdtype(space.dtype, np.number):
                raise Unsupported(f"the {name} is a Box of {space.dtype}; only numeric Boxes are supported")
            self.kind, self.size = "box", int(np.prod(space.shape, dtype=np.int64))
            self.low, self.high = space.low.astype(np.float64).ravel(), space.high.astype(np.float64).ravel()
        elif isinstance(space, spaces.Discrete):
            if role == "action":
                self.kind, self.size, self.n, self.start = "discrete", 1, int(space.n), int(space.start)
            else:
                self.kind, self.size, self.n, self.start = "one_hot", int(space.n), int(space.n), int(space.start)
                self.low, self.high = np.zeros(self.size), np.ones(self.size)
        elif isinstance(space, spaces.MultiBinary) and role == "observation":
            self.kind, self.size = "box", int(np.prod(space.shape, dtype=np.int64))
            self.low, self.high = np.zeros(self.size), np.ones(self.size)
        elif isinstance(space, spaces.Dict) and role == "observation":
            self.kind, self.parts, offset = "dict", [], 0
            for key, sub in space.spaces.items():
                if isinstance(sub, spaces.Dict):
                    raise Unsupported(f"the {name} is a Dict holding the Dict '{key}'; only a Dict of Boxes, Discretes and MultiBinaries is supported")
                part = Flat(sub, role, f"{name}'s entry '{key}'")
                self.parts.append((key, part))
                self.groups[str(key)] = list(range(offset, offset + part.size))
                offset += part.size
            self.size = offset
            self.low = np.concatenate([p.low for _, p in self.parts]) if self.parts else np.zeros(0)
            self.high = np.concatenate([p.high for _, p in self.parts]) if self.parts else np.zeros(0)
        else:
            what = type(space).__name__
            allowed = "Box and Discrete" if role == "action" else "Box, Discrete (one-hot), MultiBinary and a Dict of those"
            raise Unsupported(f"the {name} is a {what} ({space}), which Empower cannot translate; supported {role} spaces: {allowed}")

    def describe(self):
        if self.kind == "discrete":
            return {"kind": "discrete", "n": self.n, "start": self.start}
        return {"kind": "box", "shape": [self.size], "low": [bound(x) for x in self.low], "high": [bound(x) for x in self.high]}

    def flatten(self, value):
        if self.kind == "one_hot":
            hot = np.zeros(self.size, dtype=FLOAT)
            hot[int(value) - self.start] = 1
            return hot
        if self.kind == "dict":
            return np.concatenate([p.flatten(value[k]) for k, p in self.parts]) if self.parts else np.zeros(0, FLOAT)
        return np.asarray(value, dtype=FLOAT).ravel()

    def unflatten(self, floats):
        if self.kind == "discrete":
            return int(round(float(floats[0])))
        return np.asarray(floats, dtype=np.float64).reshape(self.space.shape).astype(self.space.dtype)


def plain_info(info, prefix=""):
    """An info's numbers and booleans, nested dicts flattened as 'a.b'; the rest left out."""
    out = {}
    for key, value in (info or {}).items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            out.update(plain_info(value, name + "."))
        elif isinstance(value, (bool, np.bool_)):
            out[name] = bool(value)
        elif isinstance(value, (int, np.integer)):
            out[name] = int(value)
        elif isinstance(value, (float, np.floating)) and np.isfinite(value):
            out[name] = float(value)
        elif isinstance(value, np.ndarray) and value.size == 1 and np.issubdtype(value.dtype, np.number):
            out[name] = float(value.item())
    return out


def make(target, arguments):
    import importlib
    scheme, _, rest = target.partition(":")
    if scheme == "gymnasium":
        import gymnasium
        return gymnasium.make(rest, **arguments), rest
    module_name, _, factory_name = rest.partition(":")
    if not module_name or not factory_name:
        raise Unsupported(f"'{target}' is not of the form python:package.module:factory")
    factory = getattr(importlib.import_module(module_name), factory_name)
    return factory(**arguments), rest


def main():
    target, arguments = sys.argv[1], json.loads(sys.argv[2])
    try:
        env, name = make(target, arguments)
        if hasattr(env, "possible_agents"):
            agents = list(env.possible_agents)
            observations = {a: Flat(env.observation_space(a), "observation", f"observation space of agent {a}") for a in agents}
            actions = {a: Flat(env.action_space(a), "action", f"action space of agent {a}") for a in agents}
            try:
                state = Flat(env.state_space, "observation", "state space") if hasattr(env, "state_space") else None
            except Exception:
                state = None
            reply(b"O", {
                "kind": "multi_agent", "possible_agents": agents,
                "observation_spaces": {a: f.describe() for a, f in observations.items()},
                "action_spaces": {a: f.describe() for a, f in actions.items()},
                "state_space": state.describe() if state else None,
                "max_episode_steps": getattr(getattr(env, "spec", None), "max_episode_steps", None),
                "render_modes": list(getattr(env, "metadata", {}).get("render_modes", [])),
            })
            serve_multi(env, agents, observations, actions, state)
        else:
            observation, action = Flat(env.observation_space, "observation", "observation space"), Flat(env.action_space, "action", "action space")
            spec = getattr(env, "spec", None)
            reply(b"O", {
                "kind": "single_agent", "observation_space": observation.describe(), "action_space": action.describe(),
                "feature_groups": observation.groups,
                "max_episode_steps": getattr(spec, "max_episode_steps", None),
                "render_mode": getattr(env, "render_mode", None),
            })
            serve_single(env, observation, action)
    except SystemExit:
        raise
    except BaseException as error:  # noqa: BLE001  (everything goes back to Empower)
        reply(b"E", error_document(error, "make"))


REQUESTS = {b"R": "reset", b"S": "step", b"s": "step", b"D": "render", b"X": "state"}


def serve(env, handlers):
    """Answers requests with ``handlers`` (opcode -> function) until told to quit."""
    handlers = dict(handlers)
    handlers[b"D"] = lambda: reply_frame(env)
    while True:
        op = read_exact(1)
        if op == b"Q":
            env.close()
            return
        try:
            if op not in handlers:
                raise ValueError(f"unknown request {op!r}")
            handlers[op]()
        except SystemExit:
            raise
        except BaseException as error:  # noqa: BLE001  (everything goes back to Empower)
            reply(b"E", error_document(error, REQUESTS.get(op, "request")))


def read_seed():
    has_seed, seed = struct.unpack("<BQ", read_exact(9))
    return seed if has_seed else None


def serve_single(env, observation, action):
    def reset():
        obs, info = env.reset(seed=read_seed())
        info = plain_info(info)
        reply(b"O", {"info": info} if info else {}, observation.flatten(obs))

    def step():
        (n,) = struct.unpack("<I", read_exact(4))
        floats = np.frombuffer(read_exact(4 * n), dtype="<f4")
        obs, reward, terminated, truncated, info = env.step(action.unflatten(floats))
        info = plain_info(info)
        header = struct.pack("<dI", float(reward), (1 if terminated else 0) | (2 if truncated else 0))
        reply(b"O", {"info": info} if info else {}, raw=header + np.ascontiguousarray(observation.flatten(obs), dtype="<f4").tobytes())

    serve(env, {b"R": reset, b"S": step})


def reply_frame(env):
    if not callable(getattr(env, "render", None)):
        raise NoRender()
    if getattr(env, "render_mode", None) is None and "rgb_array" in getattr(env, "metadata", {}).get("render_modes", []):
        # Made without a render mode (rendering on every step can cost more than the step):
        # switch to frames on the first request, as empower render and evaluate ask.
        try:
            env.unwrapped.render_mode = "rgb_array"
        except Exception:
            pass
    try:
        frame = env.render()
    except NotImplementedError:
        raise NoRender() from None
    if frame is None:
        raise ValueError("render() returned None: make the environment with render_mode='rgb_array' (environment_arguments.render_mode=rgb_array)")
    frame = np.asarray(frame)
    if frame.ndim != 3 or frame.shape[2] < 3:
        raise ValueError(f"render() returned an array of shape {frame.shape}, not an RGB image")
    pixels = np.ascontiguousarray(frame[:, :, :3], dtype=np.uint8)
    reply(b"O", {"width": int(pixels.shape[1]), "height": int(pixels.shape[0])}, raw=pixels.tobytes())


def serve_multi(env, agents, observations, actions, state):
    def observed(obs):
        present = [a for a in agents if a in obs]
        floats = np.concatenate([observations[a].flatten(obs[a]) for a in present]) if present else np.zeros(0, FLOAT)
        return present, floats

    def reset():
        obs, infos = env.reset(seed=read_seed())
        present, floats = observed(obs)
        reply(b"O", {"agents": list(env.agents), "observed": present, "infos": {a: plain_info(infos.get(a)) for a in present}}, floats)

    def step():
        (n,) = struct.unpack("<I", read_exact(4))
        request = json.loads(read_exact(n))
        obs, rewards, terminations, truncations, infos = env.step({a: actions[a].unflatten(v) for a, v in request.items()})
        present, floats = observed(obs)
        reply(b"O", {
            "agents": list(env.agents), "observed": present,
            "rewards": {a: float(r) for a, r in rewards.items()},
            "terminations": {a: bool(t) for a, t in terminations.items()},
            "truncations": {a: bool(t) for a, t in truncations.items()},
            "infos": {a: plain_info(i) for a, i in infos.items()},
        }, floats)

    def get_state():
        if state is None:
            raise ValueError("the environment has no state() / state_space")
        reply(b"O", {}, state.flatten(env.state()))

    serve(env, {b"R": reset, b"s": step, b"X": get_state})


main()
"""#
}
