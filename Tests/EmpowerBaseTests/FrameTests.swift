import EmpowerBase
import Testing

@Suite("Frame")
struct FrameTests {
    @Test("pixels are addressed row by row, 3 bytes each")
    func addressing() throws {
        let frame = try Frame(width: 2, height: 2, pixels: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12])
        #expect(frame[x: 1, y: 0] == (4, 5, 6))
        #expect(frame[x: 0, y: 1] == (7, 8, 9))
    }

    @Test("a wrong byte count is a typed error naming both sizes")
    func wrongByteCount() {
        #expect {
            try Frame(width: 2, height: 2, pixels: [0, 0, 0])
        } throws: { error in
            let error = error as? BaseError
            return error?.code == .invalidFrame && error?.message.contains("12 bytes, got 3") == true
        }
    }

    @Test("a fill colour reaches every pixel")
    func fill() throws {
        let frame = try Frame(width: 3, height: 2, fill: (10, 20, 30))
        for y in 0..<2 { for x in 0..<3 { #expect(frame[x: x, y: y] == (10, 20, 30)) } }
    }
}
