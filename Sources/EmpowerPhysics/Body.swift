/// A handle to a body in a ``World``: the body's index in creation order.
///
/// A `Body` is a plain value (copy it freely, store it in scenes). It does not keep its world
/// alive and means nothing in another world: use it only with the world that returned it. Ids
/// stay valid for the life of the world, including across ``World/restore(_:)``.
/// Passing a handle from another world with an out-of-range id is a programmer error and stops
/// the program with a precondition message.
///
/// ```swift
/// let ball = try world.createBody(.dynamic(at: [0, 2]), fixtures: [.init(.circle(radius: 0.1))])
/// world.step()
/// let height = world.state(of: ball).position.y
/// ```
public struct Body: Hashable, Sendable {
    /// The index of the body in its world (0 for the first body created).
    public let id: Int32

    init(id: Int32) { self.id = id }
}
