import EmpowerBase

extension Frame {
    /// The frame shrunk by an integer `factor`: each output pixel is the mean of a
    /// `factor` x `factor` block (the last partial row and column of blocks are dropped).
    /// `factor` <= 1, or a frame smaller than one block, gives the frame unchanged.
    ///
    /// ```swift
    /// let small = frame.downscaled(by: 2)    // 400x320 -> 200x160
    /// ```
    /// Cost: one pass over the pixels.
    public func downscaled(by factor: Int) -> Frame {
        guard factor > 1, width >= factor, height >= factor else { return self }
        let w = width / factor, h = height / factor
        var pixels = [UInt8](repeating: 0, count: w * h * 3)
        let area = factor * factor
        for y in 0..<h {
            for x in 0..<w {
                var sums = (0, 0, 0)
                for dy in 0..<factor {
                    var i = ((y * factor + dy) * width + x * factor) * 3
                    for _ in 0..<factor {
                        sums.0 += Int(self.pixels[i])
                        sums.1 += Int(self.pixels[i + 1])
                        sums.2 += Int(self.pixels[i + 2])
                        i += 3
                    }
                }
                let o = (y * w + x) * 3
                pixels[o] = UInt8(sums.0 / area)
                pixels[o + 1] = UInt8(sums.1 / area)
                pixels[o + 2] = UInt8(sums.2 / area)
            }
        }
        return makeFrame(width: w, height: h, pixels: pixels)
    }

    /// Tiles frames row by row into one frame, `columns` per row, each cell the size of the
    /// largest frame plus `gap` pixels of `background` between cells.
    ///
    /// ```swift
    /// let sheet = try Frame.grid([a, b, c, d], columns: 2)   // a b / c d
    /// ```
    /// - Throws: ``RenderError`` `.invalidSize` for no frames or `columns` < 1.
    public static func grid(_ frames: [Frame], columns: Int, gap: Int = 2, background: (UInt8, UInt8, UInt8) = (255, 255, 255)) throws(RenderError) -> Frame {
        guard !frames.isEmpty, columns >= 1 else {
            throw RenderError(.invalidSize, "a grid needs at least one frame and one column", context: ["frames": "\(frames.count)", "columns": "\(columns)"])
        }
        let cellWidth = frames.map(\.width).max() ?? 1, cellHeight = frames.map(\.height).max() ?? 1
        let rows = (frames.count + columns - 1) / columns
        let columnsUsed = min(columns, frames.count)
        let width = columnsUsed * cellWidth + (columnsUsed - 1) * gap
        let height = rows * cellHeight + (rows - 1) * gap
        var pixels = [UInt8](repeating: 0, count: width * height * 3)
        for i in stride(from: 0, to: pixels.count, by: 3) {
            pixels[i] = background.0
            pixels[i + 1] = background.1
            pixels[i + 2] = background.2
        }
        for (index, frame) in frames.enumerated() {
            let left = (index % columns) * (cellWidth + gap), top = (index / columns) * (cellHeight + gap)
            for y in 0..<frame.height {
                let source = y * frame.width * 3
                let target = ((top + y) * width + left) * 3
                pixels.replaceSubrange(target..<(target + frame.width * 3), with: frame.pixels[source..<(source + frame.width * 3)])
            }
        }
        return makeFrame(width: width, height: height, pixels: pixels)
    }
}
