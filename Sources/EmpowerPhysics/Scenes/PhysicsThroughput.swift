/// A measurement of raw physics speed: Box2D steps of a scene's world per second, without
/// any environment logic (observations, rewards) around them.
public struct PhysicsThroughput: Sendable, Hashable {
    /// Box2D steps taken (control steps times substeps).
    public let steps: Int
    public let seconds: Double
    public var stepsPerSecond: Double { seconds > 0 ? Double(steps) / seconds : 0 }
}

/// Times `controlSteps` calls of the scene's ``PhysicsScene/step()``, calling `drive` before
/// each (to keep motors or agents moving, so the measurement includes contacts), and reports
/// the raw Box2D steps per second. For `empower bench envs`; never assert on its result.
///
/// ```swift
/// let scene = try TabletopScene()
/// let t = measurePhysicsThroughput(of: scene, controlSteps: 20_000) { i in
///     try? scene.setJointSpeeds([i % 200 < 100 ? 1 : -1, 0.5, -0.5])
/// }
/// print(t.stepsPerSecond)
/// ```
public func measurePhysicsThroughput(
    of scene: some PhysicsScene, controlSteps: Int, drive: (Int) -> Void = { _ in }
) -> PhysicsThroughput {
    let clock = ContinuousClock()
    let start = clock.now
    for i in 0..<max(0, controlSteps) {
        drive(i)
        scene.step()
    }
    let elapsed = clock.now - start
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
    return PhysicsThroughput(steps: max(0, controlSteps) * scene.stepSettings.substeps, seconds: seconds)
}
