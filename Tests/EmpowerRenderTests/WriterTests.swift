import CGIF
import EmpowerBase
import EmpowerTestSupport
import Testing

@testable import EmpowerRender

@Suite("Writers: PNG, GIF, SVG")
struct WriterTests {
    func sampleFrame() throws -> Frame {
        let canvas = try Canvas(width: 64, height: 48, background: Color(hex: 0x203040))
        try canvas.setView(minimum: [0, 0], maximum: [4, 3])
        canvas.fillCircle(center: [1, 1.5], radius: 0.8, color: Color.categorical(1))
        canvas.strokePolyline([[0, 0], [2, 3], [4, 0]], color: .white, lineWidth: 2)
        canvas.drawText("z=3", at: [2.5, 2.5], size: 10, color: .white)
        return canvas.frame()
    }

    @Test func pngRoundTripGivesTheSamePixels() throws {
        let directory = try TemporaryDirectory(prefix: "empower-render")
        defer { directory.remove() }
        let path = directory.file("frame.png")
        let frame = try sampleFrame()
        try PNGWriter.write(frame, to: path)
        #expect(readBytes(path, count: 8) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        let decoded = try PNGReader.read(path)
        #expect(decoded == frame)
        #expect(!fileExists(path + temporarySuffix))
    }

    @Test func unwritableAndUnreadablePathsAreTypedErrors() throws {
        let frame = try sampleFrame()
        do {
            try PNGWriter.write(frame, to: "/nonexistent-directory/frame.png")
            Issue.record("expected an error")
        } catch {
            #expect(error.code == .unwritablePath)
            #expect(error.message.contains("/nonexistent-directory"))
        }
        #expect(throws: RenderError.self) { try PNGReader.read("/nonexistent-directory/frame.png") }
        #expect(throws: RenderError.self) { try GIFWriter(path: "/nonexistent-directory/a.gif", width: 4, height: 4) }
    }

    @Test func gifHasHeaderFrameCountAndSize() throws {
        let directory = try TemporaryDirectory(prefix: "empower-render")
        defer { directory.remove() }
        let path = directory.file("anim.gif")
        var frames: [Frame] = []
        for i in 0..<5 {
            let canvas = try Canvas(width: 40, height: 30)
            try canvas.setView(minimum: [0, 0], maximum: [4, 3])
            canvas.fillCircle(center: [0.5 + 0.7 * Float(i), 1.5], radius: 0.4, color: .red)
            frames.append(canvas.frame())
        }
        try GIFWriter.write(frames, to: path, frameDelay: 0.1)
        #expect(readBytes(path, count: 6) == Array("GIF89a".utf8))

        var error: Int32 = 0
        let gif = try #require(DGifOpenFileName(path, &error))
        #expect(DGifSlurp(gif) == GIF_OK)
        #expect(gif.pointee.ImageCount == 5)
        #expect(gif.pointee.SWidth == 40 && gif.pointee.SHeight == 30)
        // The red disc of the first frame decodes to pure red through the palette.
        let image = gif.pointee.SavedImages[0]
        let index = Int(image.RasterBits[15 * 40 + 5])
        let color = gif.pointee.SColorMap.pointee.Colors[index]
        #expect(color.Red == 255 && color.Green == 0 && color.Blue == 0)
        _ = DGifCloseFile(gif, &error)
    }

    @Test func gifRejectsMismatchedFramesAndCleansUp() throws {
        let directory = try TemporaryDirectory(prefix: "empower-render")
        defer { directory.remove() }
        let path = directory.file("bad.gif")
        do {
            let writer = try GIFWriter(path: path, width: 10, height: 10)
            #expect(throws: RenderError.self) { try writer.append(try Frame(width: 5, height: 5)) }
        }
        // Never finished: neither the final file nor the temporary remains.
        #expect(!fileExists(path))
        #expect(!fileExists(path + temporarySuffix))
    }

    @Test func vectorCanvasWritesSVGAndRastersLikeTheRasterCanvas() throws {
        func draw(_ canvas: Canvas) throws {
            try canvas.setView(minimum: [-1, -1], maximum: [1, 1])
            canvas.fillCircle(center: .zero, radius: 0.5, color: .green)
            canvas.strokePolyline([[-1, -1], [0, 0.5], [1, -1]], color: .blue, lineWidth: 3)
        }
        let vector = try Canvas(width: 80, height: 80, backend: .vector)
        let raster = try Canvas(width: 80, height: 80, backend: .raster)
        try draw(vector)
        try draw(raster)
        #expect(vector.frame()[x: 40, y: 30] == raster.frame()[x: 40, y: 30])
        #expect(vector.frame()[x: 40, y: 30] == (0, 192, 0))

        let directory = try TemporaryDirectory(prefix: "empower-render")
        defer { directory.remove() }
        let path = directory.file("plot.svg")
        try vector.writeSVG(to: path)
        let head = String(decoding: readBytes(path, count: 200), as: UTF8.self)
        #expect(head.contains("<svg"))
    }
}
