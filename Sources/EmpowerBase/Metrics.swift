/// An ordered list of named measurements, such as what one update of a learner reports.
///
/// Keys are flat namespaces (`train/critic_loss`, `skills/accuracy`, `rollout/episode_return`).
/// Meant to be reused across updates: ``removeAll()`` keeps the storage, so a learner that
/// reports the same keys every update does not allocate.
///
/// ```swift
/// var metrics = Metrics()
/// metrics.set("train/critic_loss", 0.42)
/// metrics["train/critic_loss"]      // 0.42
/// ```
public struct Metrics: Sendable, CustomStringConvertible {
    public private(set) var entries: [(key: String, value: Double)] = []

    public init() {}

    /// Sets `key` to `value`, replacing an earlier value of the same key.
    public mutating func set(_ key: String, _ value: Double) {
        for index in entries.indices where entries[index].key == key {
            entries[index].value = value
            return
        }
        entries.append((key, value))
    }

    /// A fraction as a percentage with one decimal, as reports and messages show accuracies:
    /// `Metrics.percent(0.9583)` is `"95.8%"`.
    public static func percent(_ fraction: Double) -> String { "\((fraction * 1000).rounded() / 10)%" }

    /// Sets every entry of `other`.
    public mutating func merge(_ other: Metrics) {
        for (key, value) in other.entries { set(key, value) }
    }

    public subscript(key: String) -> Double? {
        entries.first { $0.key == key }?.value
    }

    public mutating func removeAll() { entries.removeAll(keepingCapacity: true) }

    public var isEmpty: Bool { entries.isEmpty }

    public var description: String {
        entries.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
    }
}
