/// Whether `a` and `b` agree within `absolute + relative * max(|a|, |b|)`.
public func isClose(_ a: Float, _ b: Float, absolute: Float = 1e-6, relative: Float = 1e-5) -> Bool {
    guard a.isFinite, b.isFinite else { return a == b }
    return abs(a - b) <= absolute + relative * max(abs(a), abs(b))
}

/// The largest element-wise absolute difference of two equally long arrays.
public func maxAbsoluteDifference(_ a: [Float], _ b: [Float]) -> Float {
    precondition(a.count == b.count, "maxAbsoluteDifference: lengths \(a.count) and \(b.count) differ")
    var worst: Float = 0
    for i in a.indices { worst = max(worst, abs(a[i] - b[i])) }
    return worst
}
