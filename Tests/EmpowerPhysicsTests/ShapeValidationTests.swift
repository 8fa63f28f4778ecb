import Testing

@testable import EmpowerPhysics

@Suite("Shapes and bodies: typed errors for bad input")
struct ShapeValidationTests {
    func code(_ body: () throws -> Void) -> PhysicsError.Code? {
        do { try body() } catch let error as PhysicsError { return error.code } catch { return nil }
        return nil
    }

    @Test func badShapesAreRejected() {
        #expect(code { try Shape.box(halfWidth: 0, halfHeight: 1).validate() } == .invalidShape)
        #expect(code { try Shape.circle(radius: -1).validate() } == .invalidShape)
        #expect(code { try Shape.circle(radius: .nan).validate() } == .invalidShape)
        #expect(code { try Shape.polygon([[0, 0], [1, 0]]).validate() } == .invalidShape)
        // A non-convex "arrow head".
        #expect(code { try Shape.polygon([[0, 0], [1, 0], [0.2, 0.2], [0, 1]]).validate() } == .invalidShape)
        // Collinear points have no area.
        #expect(code { try Shape.polygon([[0, 0], [1, 0], [2, 0]]).validate() } == .invalidShape)
        #expect(code { try Shape.edge(from: [0, 0], to: [0.0005, 0]).validate() } == .invalidShape)
        #expect(code { try Shape.chain([[0, 0], [1, 0]], isLoop: true).validate() } == .invalidShape)
        #expect(code { try Shape.polygon([[0, 0], [.infinity, 0], [0, 1]]).validate() } == .nonFinite)
    }

    @Test func goodShapesPass() throws {
        try Shape.box(halfWidth: 0.1, halfHeight: 0.2, center: [1, 0], angle: 0.3).validate()
        try Shape.polygon([[0, 0], [1, 0], [1, 1], [0, 1]]).validate()
        try Shape.polygon([[0, 1], [1, 1], [1, 0], [0, 0]]).validate()  // clockwise is fine
        try Shape.chain([[-1, -1], [1, -1], [1, 1]], isLoop: true).validate()
    }

    @Test func badFixturesAndBodiesThrowAndCreateNothing() throws {
        let world = try World()
        #expect(code { _ = try world.createBody(.dynamic(at: .zero), fixtures: [.init(.circle(radius: 0.1), density: -1)]) } == .invalidFixture)
        #expect(code { _ = try world.createBody(.dynamic(at: [.nan, 0])) } == .nonFinite)
        var damped = BodyDefinition.dynamic(at: .zero)
        damped.linearDamping = -2
        #expect(code { _ = try world.createBody(damped) } == .invalidBody)
        #expect(world.bodyCount == 0)
        let body = try world.createBody(.dynamic(at: .zero), fixtures: [.init(.circle(radius: 0.1))])
        #expect(code { try world.applyForce([.nan, 0], to: body) } == .nonFinite)
        #expect(code { _ = try StepSettings(timeStep: 0) } == .invalidStep)
    }

    @Test func errorMessagesExplainTheFix() {
        do {
            try Shape.box(halfWidth: 0, halfHeight: 1).validate()
            Issue.record("expected an error")
        } catch {
            #expect(error.description.contains("invalid_shape"))
            #expect(error.description.contains("half extents"))
        }
    }
}
