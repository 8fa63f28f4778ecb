/// The geometry of a fixture, in the body's local frame (metres).
///
/// ```swift
/// let puck = Shape.circle(radius: 0.04)
/// let link = Shape.box(halfWidth: 0.15, halfHeight: 0.02, center: [0.15, 0])  // pivots at x = 0
/// let wedge = Shape.polygon([[0, 0], [0.1, 0], [0, 0.1]])
/// let wall = Shape.edge(from: [-1, -1], to: [1, -1])
/// let arena = Shape.chain([[-1, -1], [-1, 1], [1, 1], [1, -1]], isLoop: true)  // clockwise: holds bodies in
/// ```
public enum Shape: Sendable, Hashable {
    case circle(radius: Float, center: SIMD2<Float> = .zero)
    /// A rectangle of `2 * halfWidth` by `2 * halfHeight`, centred at `center`, rotated by `angle`.
    case box(halfWidth: Float, halfHeight: Float, center: SIMD2<Float> = .zero, angle: Float = 0)
    /// A convex polygon of 3 to 8 vertices, counter-clockwise or clockwise.
    case polygon([SIMD2<Float>])
    /// A two-sided segment (walls of static bodies).
    case edge(from: SIMD2<Float>, to: SIMD2<Float>)
    /// A polyline of segments (static walls); `isLoop` closes it back to the first vertex.
    ///
    /// Chains are one-sided in Box2D 2.4: a segment from `v[i]` to `v[i+1]` only blocks shapes
    /// on its right-hand side. A loop that keeps bodies *inside* must therefore run clockwise
    /// (`[[-1, -1], [-1, 1], [1, 1], [1, -1]]`); a counter-clockwise loop keeps them outside.
    case chain([SIMD2<Float>], isLoop: Bool)

    /// Vertices closer than this (twice Box2D's linear slop at the shim's decimetre scale)
    /// get merged by Box2D and make degenerate shapes.
    static let minimumVertexSpacing: Float = 0.001

    /// Throws ``PhysicsError`` `.invalidShape` (or `.nonFinite`) unless Box2D can build this shape.
    /// Checks positive sizes, 3 to 8 vertices forming a strictly convex polygon of non-zero area,
    /// and vertices at least 1 mm apart.
    public func validate() throws(PhysicsError) {
        switch self {
        case let .circle(radius, center):
            try PhysicsError.requireFinite(center, "circle center")
            guard radius.isFinite, radius > 0 else {
                throw PhysicsError(.invalidShape, "a circle needs a positive finite radius", context: ["radius": "\(radius)"])
            }
        case let .box(halfWidth, halfHeight, center, angle):
            try PhysicsError.requireFinite(center, "box center")
            try PhysicsError.requireFinite(angle, "box angle")
            guard halfWidth.isFinite, halfHeight.isFinite, halfWidth >= Self.minimumVertexSpacing, halfHeight >= Self.minimumVertexSpacing else {
                throw PhysicsError(
                    .invalidShape, "a box needs half extents of at least \(Self.minimumVertexSpacing) m (the full size is twice the half extent)",
                    context: ["halfWidth": "\(halfWidth)", "halfHeight": "\(halfHeight)"])
            }
        case let .polygon(vertices):
            guard (3...8).contains(vertices.count) else {
                throw PhysicsError(.invalidShape, "a polygon needs 3 to 8 vertices; split larger shapes into several fixtures", context: ["vertices": "\(vertices.count)"])
            }
            for v in vertices { try PhysicsError.requireFinite(v, "polygon vertex") }
            try Self.checkSpacing(vertices, closed: true)
            try Self.checkConvex(vertices)
        case let .edge(from, to):
            try PhysicsError.requireFinite(from, "edge start")
            try PhysicsError.requireFinite(to, "edge end")
            try Self.checkSpacing([from, to], closed: false)
        case let .chain(vertices, isLoop):
            let minimum = isLoop ? 3 : 2
            guard vertices.count >= minimum else {
                throw PhysicsError(.invalidShape, "a \(isLoop ? "loop" : "chain") needs at least \(minimum) vertices", context: ["vertices": "\(vertices.count)"])
            }
            for v in vertices { try PhysicsError.requireFinite(v, "chain vertex") }
            try Self.checkSpacing(vertices, closed: isLoop)
        }
    }

    private static func checkSpacing(_ vertices: [SIMD2<Float>], closed: Bool) throws(PhysicsError) {
        let count = closed ? vertices.count : vertices.count - 1
        for i in 0..<count {
            let a = vertices[i], b = vertices[(i + 1) % vertices.count]
            let d = b - a
            if (d * d).sum() < minimumVertexSpacing * minimumVertexSpacing {
                throw PhysicsError(
                    .invalidShape, "consecutive vertices \(i) and \((i + 1) % vertices.count) are closer than \(minimumVertexSpacing) m; remove duplicates",
                    context: ["a": "(\(a.x), \(a.y))", "b": "(\(b.x), \(b.y))"])
            }
        }
    }

    private static func checkConvex(_ vertices: [SIMD2<Float>]) throws(PhysicsError) {
        var sign: Float = 0
        var twiceArea: Float = 0
        for i in vertices.indices {
            let a = vertices[i], b = vertices[(i + 1) % vertices.count], c = vertices[(i + 2) % vertices.count]
            let e1 = b - a, e2 = c - b
            let turn = e1.x * e2.y - e1.y * e2.x
            twiceArea += a.x * b.y - a.y * b.x
            if turn == 0 || (sign != 0 && (turn > 0) != (sign > 0)) {
                throw PhysicsError(
                    .invalidShape, "polygon is not strictly convex at vertex \((i + 1) % vertices.count); list the vertices of a convex outline in order",
                    context: ["vertex": "\((i + 1) % vertices.count)"])
            }
            sign = turn
        }
        guard abs(twiceArea) > 1e-8 else {
            throw PhysicsError(.invalidShape, "polygon has (nearly) zero area", context: ["area": "\(twiceArea / 2)"])
        }
    }
}
