/// The metrics logged at one step: ordered `(key, value)` pairs with namespaced keys.
///
/// Keys are flat namespaces, `group/name` in snake case: `rollout/episode_return`,
/// `train/critic_loss`, `skills/accuracy`, `time/steps_per_second` (see the module README for
/// the list). The order of first insertion is kept, so files list metrics the way the code
/// produced them.
///
/// ```swift
/// var record = MetricsRecord(step: 12_000)
/// record.set("train/critic_loss", 0.42)
/// record.set("skills/accuracy", 0.91)
/// record.set("train/critic_loss", 0.40)   // replaces, keeps its position
/// record["skills/accuracy"]               // 0.91
/// ```
public struct MetricsRecord: Sendable, Equatable {
    /// The environment step the values describe.
    public var step: Int
    /// The values in insertion order; keys are unique.
    public var values: [(key: String, value: Double)]

    public init(step: Int, values: [(key: String, value: Double)] = []) {
        self.step = step
        self.values = []
        for (key, value) in values { set(key, value) }
    }

    /// Sets `key` to `value`, replacing an earlier value of the same key in place.
    /// Cost: O(number of keys).
    public mutating func set(_ key: String, _ value: Double) {
        if let index = values.firstIndex(where: { $0.key == key }) {
            values[index].value = value
        } else {
            values.append((key, value))
        }
    }

    /// The value of `key`, or nil.
    public subscript(key: String) -> Double? {
        values.first { $0.key == key }?.value
    }

    /// The keys in order.
    public var keys: [String] { values.map(\.key) }

    /// Equal steps and equal values in the same order (NaN equals NaN, as in a file round trip).
    public static func == (lhs: MetricsRecord, rhs: MetricsRecord) -> Bool {
        lhs.step == rhs.step && lhs.values.count == rhs.values.count
            && zip(lhs.values, rhs.values).allSatisfy { a, b in
                a.key == b.key && (a.value == b.value || (a.value.isNaN && b.value.isNaN))
            }
    }
}
