import EmpowerCore

/// The Box2D manipulation environments of Empower, for the catalog.
///
/// ```swift
/// var catalog = EnvironmentCatalog()
/// try ManipulationEnvironments.register(in: &catalog)
/// var env = try catalog.make("TabletopPush-v0", arguments: ["objects": 2, "actionMode": "end_effector"])
/// try catalog.make("TabletopPush-v0", arguments: ["object": 2])
/// // invalid_argument: TabletopPush-v0 has no argument "object". Did you mean "objects"?
/// ```
public enum ManipulationEnvironments {
    /// The ids this module registers.
    public static let ids = [TabletopReach.id, TabletopPush.id, TabletopLift.id]

    /// Registers `TabletopReach-v0`, `TabletopPush-v0` and `TabletopLift-v0`.
    /// - Throws: `.duplicateEnvironment` when an id is already in the catalog.
    public static func register(in catalog: inout EnvironmentCatalog) throws(EnvironmentError) {
        let actionMode = EnvironmentParameter(
            "actionMode", .string, default: .string(TabletopActionMode.jointVelocity.rawValue),
            summary: "\"joint_velocity\" (3 joint speeds) or \"end_effector\" (xy displacement through IK)")
        let goal = EnvironmentParameter("goal", .floats, summary: "2 values [x, y] on the table; enables the task reward")
        func threshold(_ value: Float) -> EnvironmentParameter {
            EnvironmentParameter(
                "impulseThreshold", .float, default: .float(value), summary: "contact impulse (N*s) counted as an excessive-impulse safety event")
        }
        func steps(_ value: Int) -> EnvironmentParameter {
            EnvironmentParameter("maxEpisodeSteps", .int, default: .int(value), summary: "truncation step")
        }

        try catalog.register(
            TabletopReach.id, summary: TabletopReach.summary,
            parameters: [actionMode, goal, threshold(TabletopReach.defaultImpulseThreshold), steps(TabletopReach.defaultMaxEpisodeSteps)]
        ) { arguments in
            try TabletopReach(
                actionMode: try TabletopActionMode(argument: try arguments.string("actionMode") ?? "joint_velocity", environment: TabletopReach.id),
                goal: try arguments.floats("goal"),
                impulseThreshold: try arguments.float("impulseThreshold") ?? TabletopReach.defaultImpulseThreshold,
                maxEpisodeSteps: try arguments.int("maxEpisodeSteps") ?? TabletopReach.defaultMaxEpisodeSteps)
        }

        try catalog.register(
            TabletopPush.id, summary: TabletopPush.summary,
            parameters: [
                EnvironmentParameter("objects", .int, default: 1, summary: "number of boxes, 1...3"),
                actionMode, goal, threshold(TabletopPush.defaultImpulseThreshold), steps(TabletopPush.defaultMaxEpisodeSteps),
            ]
        ) { arguments in
            try TabletopPush(
                objects: try arguments.int("objects") ?? 1,
                actionMode: try TabletopActionMode(argument: try arguments.string("actionMode") ?? "joint_velocity", environment: TabletopPush.id),
                goal: try arguments.floats("goal"),
                impulseThreshold: try arguments.float("impulseThreshold") ?? TabletopPush.defaultImpulseThreshold,
                maxEpisodeSteps: try arguments.int("maxEpisodeSteps") ?? TabletopPush.defaultMaxEpisodeSteps)
        }

        try catalog.register(
            TabletopLift.id, summary: TabletopLift.summary,
            parameters: [
                EnvironmentParameter("targetHeight", .float, summary: "block height (m, 0...0.8); enables the lift reward"),
                threshold(TabletopLift.defaultImpulseThreshold), steps(TabletopLift.defaultMaxEpisodeSteps),
            ]
        ) { arguments in
            try TabletopLift(
                targetHeight: try arguments.float("targetHeight"),
                impulseThreshold: try arguments.float("impulseThreshold") ?? TabletopLift.defaultImpulseThreshold,
                maxEpisodeSteps: try arguments.int("maxEpisodeSteps") ?? TabletopLift.defaultMaxEpisodeSteps)
        }
    }
}
