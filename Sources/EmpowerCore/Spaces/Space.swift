/// Any of the spaces an environment can expose for observations or actions.
///
/// An enum rather than an existential so that spaces are `Codable`, `Hashable` and cheap to
/// pass around; every case answers the same questions.
///
/// ```swift
/// let space = Space.box(try Box(low: -1, high: 1, shape: [2]))
/// space.flatSize                    // 2
/// space.contains([0, 0])            // true
/// print(space)                      // Box(-1.0, 1.0, shape: [2])
/// ```
public enum Space: Hashable, Codable, Sendable, CustomStringConvertible {
    case box(Box)
    case discrete(Discrete)
    case multiBinary(MultiBinary)

    /// The dimensions of one value (`[]` for a `Discrete` scalar).
    public var shape: [Int] {
        switch self {
        case .box(let box): box.shape
        case .discrete(let discrete): discrete.shape
        case .multiBinary(let flags): flags.shape
        }
    }

    /// The number of floats in one flat value.
    public var flatSize: Int {
        switch self {
        case .box(let box): box.flatSize
        case .discrete(let discrete): discrete.flatSize
        case .multiBinary(let flags): flags.flatSize
        }
    }

    /// Whether `x` is a valid value of the space (right length, no NaN, within bounds).
    public func contains(_ x: [Float]) -> Bool {
        switch self {
        case .box(let box): box.contains(x)
        case .discrete(let discrete): discrete.contains(x)
        case .multiBinary(let flags): flags.contains(x)
        }
    }

    /// A random value of the space.
    public func sample(using generator: inout some RandomNumberGenerator) -> [Float] {
        switch self {
        case .box(let box): box.sample(using: &generator)
        case .discrete(let discrete): discrete.sample(using: &generator)
        case .multiBinary(let flags): flags.sample(using: &generator)
        }
    }

    /// The box, when this space is one.
    public var box: Box? {
        if case .box(let box) = self { return box }
        return nil
    }

    public var description: String {
        switch self {
        case .box(let box): box.description
        case .discrete(let discrete): discrete.description
        case .multiBinary(let flags): flags.description
        }
    }
}
