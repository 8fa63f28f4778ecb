import EmpowerBase
import Testing

@testable import EmpowerRender

@Suite("Canvas: drawing in world coordinates")
struct CanvasTests {
    @Test func redCircleIsRedAtTheCentreAndBackgroundAtTheCorners() throws {
        let canvas = try Canvas(width: 100, height: 80, background: .white)
        try canvas.setView(minimum: [-1, -1], maximum: [1, 1])
        canvas.fillCircle(center: .zero, radius: 0.5, color: .red)
        let frame = canvas.frame()
        #expect(frame.width == 100 && frame.height == 80)
        #expect(frame[x: 50, y: 40] == (255, 0, 0))
        for (x, y) in [(0, 0), (99, 0), (0, 79), (99, 79)] { #expect(frame[x: x, y: y] == (255, 255, 255)) }
        // Radius 0.5 of a 2-unit view fitted into 80 px: 20 px. Just inside red, just outside white.
        #expect(frame[x: 50 + 18, y: 40] == (255, 0, 0))
        #expect(frame[x: 50 + 22, y: 40] == (255, 255, 255))
    }

    @Test func viewPointsYUpAndKeepsAspect() throws {
        let canvas = try Canvas(width: 200, height: 100, background: .black)
        try canvas.setView(minimum: [0, 0], maximum: [1, 1])
        // Fitted: 100 px per unit, centred horizontally (offset 50 px).
        let bottomLeft = canvas.pixel([0, 0])
        #expect(bottomLeft.x == 50 && bottomLeft.y == 100)
        let topRight = canvas.pixel([1, 1])
        #expect(topRight.x == 150 && topRight.y == 0)
        canvas.fillRectangle(center: [0.5, 0.75], halfSize: [0.5, 0.25], color: .blue)
        let frame = canvas.frame()
        #expect(frame[x: 100, y: 10] == (0, 0, 255))   // upper half is blue
        #expect(frame[x: 100, y: 90] == (0, 0, 0))     // lower half untouched
        #expect(frame[x: 20, y: 10] == (0, 0, 0))      // letterbox margin untouched
    }

    @Test func rotatedRectangleCornersAreRotated() {
        let corners = Canvas.rectangleCorners(center: [1, 0], halfSize: [2, 1], angle: .pi / 2)
        // (-2, -1) rotated by 90 degrees is (1, -2), shifted to (2, -2).
        #expect(abs(corners[0].x - 2) < 1e-5 && abs(corners[0].y + 2) < 1e-5)
    }

    @Test func translucentColoursBlendWithTheBackground() throws {
        let canvas = try Canvas(width: 10, height: 10, background: .white)
        canvas.fillRectangle(center: [5, 5], halfSize: [5, 5], color: Color.black.withAlpha(0.5))
        let (r, g, b) = canvas.frame()[x: 5, y: 5]
        #expect(abs(Int(r) - 128) <= 1 && r == g && g == b)
    }

    @Test func invalidSizesAndViewsAreTypedErrors() throws {
        #expect(throws: RenderError.self) { try Canvas(width: 0, height: 10) }
        let canvas = try Canvas(width: 10, height: 10)
        #expect(throws: RenderError.self) { try canvas.setView(minimum: [0, 0], maximum: [0, 1]) }
        #expect(throws: RenderError.self) { try canvas.writeSVG(to: "/tmp/never.svg") }
    }

    @Test func paletteHasTwentyDistinctColours() {
        #expect(Color.palette.count == 20)
        #expect(Set(Color.palette).count == 20)
        #expect(Color.categorical(21) == Color.categorical(1))
        #expect(Color.categorical(-1) == Color.categorical(19))
    }
}
