// EmpowerCore: the environment API of Empower.
//
// Spaces (`Box`, `Discrete`, `MultiBinary`), the `Environment` and `MultiAgentEnvironment`
// protocols with Gymnasium / PettingZoo semantics, wrappers, vector environments, the
// environment checker and the environment catalog. It knows nothing of learning: a learner
// never sees an environment, and an environment never sees a tensor.
//
// Importing EmpowerCore also imports EmpowerBase (seeded generators, errors, frames).
@_exported import EmpowerBase
