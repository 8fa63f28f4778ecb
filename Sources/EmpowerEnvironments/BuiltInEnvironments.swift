import EmpowerClassic
import EmpowerCore
import EmpowerManipulation
import EmpowerMultiAgent
import EmpowerNavigation
import EmpowerPython

/// Every environment that ships with Empower, single- and multi-agent, in one catalog, and the
/// Python schemes (`gymnasium:<id>`, `python:<module>:<factory>`).
///
/// The catalog is assembled by calling each environment module's `register(in:)`; a new
/// environment module adds one line to ``register(in:)`` (and its target to this module's
/// dependencies in Package.swift). Commands (`empower envs list`, `render`, `bench envs`)
/// and tests iterate over ``catalog``, so they pick new environments up with no other change.
///
/// ```swift
/// let catalog = BuiltInEnvironments.catalog
/// var maze = try catalog.make("PointMaze-v0")
/// var spread = try catalog.makeMultiAgent("ParticleSpread-v0", arguments: ["agents": 4])
/// ```
public enum BuiltInEnvironments {
    /// The built-in catalog. Built once, on first use.
    public static let catalog: EnvironmentCatalog = {
        var catalog = EnvironmentCatalog()
        do {
            try register(in: &catalog)
        } catch {
            // Two built-in modules registering one id is a bug in Empower, not a user error.
            preconditionFailure("the built-in environment modules register conflicting ids: \(error)")
        }
        return catalog
    }()

    /// Adds every built-in environment to `catalog` (for a catalog that also holds your own).
    /// - Throws: `.duplicateEnvironment` when one of the ids is already registered.
    public static func register(in catalog: inout EnvironmentCatalog) throws(EnvironmentError) {
        try ClassicEnvironments.register(in: &catalog)
        try NavigationEnvironments.register(in: &catalog)
        try MultiAgentEnvironments.register(in: &catalog)
        try ManipulationEnvironments.register(in: &catalog)
        try PythonEnvironments.register(in: &catalog)
    }
}
