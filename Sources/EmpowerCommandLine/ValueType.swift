#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

import EmpowerBase

/// The type of an option's value or of a positional argument: how its text is checked and
/// converted, and how help describes what is allowed.
///
/// ```swift
/// .int(in: 1...64)               // "an integer from 1 to 64"
/// .double(in: 0...1)             // "a number from 0 to 1"
/// .choice(["sac", "ppo"])        // "one of sac, ppo"
/// .choice(of: Algorithm.self)    // the raw values of a CaseIterable string enum
/// .path(mustExist: true)         // a file or directory that exists
/// .keyValue                      // "KEY=VALUE", e.g. --set train.batch_size=128
/// ```
public struct ValueType: Sendable, Hashable {
    enum Kind: Sendable, Hashable {
        case int(min: Int, max: Int)
        case uint64
        case double(min: Double, max: Double)
        case string
        case choice([String])
        case path(mustExist: Bool)
        case keyValue
    }

    let kind: Kind

    /// Any whole number that fits an `Int`.
    public static let int = ValueType(kind: .int(min: .min, max: .max))
    /// A whole number in `range` (both ends included).
    public static func int(in range: ClosedRange<Int>) -> ValueType {
        ValueType(kind: .int(min: range.lowerBound, max: range.upperBound))
    }
    /// A whole number of at least `minimum`.
    public static func int(atLeast minimum: Int) -> ValueType {
        ValueType(kind: .int(min: minimum, max: .max))
    }
    /// A `UInt64`, e.g. a seed: 0 to 18446744073709551615.
    public static let uint64 = ValueType(kind: .uint64)
    /// Any finite number.
    public static let double = ValueType(kind: .double(min: -.infinity, max: .infinity))
    /// A finite number in `range` (both ends included).
    public static func double(in range: ClosedRange<Double>) -> ValueType {
        ValueType(kind: .double(min: range.lowerBound, max: range.upperBound))
    }
    /// Any text.
    public static let string = ValueType(kind: .string)
    /// Exactly one of `choices` (case-sensitive).
    public static func choice(_ choices: [String]) -> ValueType {
        ValueType(kind: .choice(choices))
    }
    /// One of the raw values of a string enum, in declaration order. Read it back with
    /// ``ParsedArguments/choice(_:as:)``.
    public static func choice<E: CaseIterable & RawRepresentable<String>>(of type: E.Type) -> ValueType {
        ValueType(kind: .choice(type.allCases.map(\.rawValue)))
    }
    /// A file system path; with `mustExist`, parsing fails unless something exists there.
    public static func path(mustExist: Bool = false) -> ValueType {
        ValueType(kind: .path(mustExist: mustExist))
    }
    /// `KEY=VALUE` with a non-empty key, split at the first `=`.
    public static let keyValue = ValueType(kind: .keyValue)

    /// The same type without the existence check of `.path(mustExist: true)`.
    var ignoringExistence: ValueType {
        if case .path = kind { return .path(mustExist: false) }
        return self
    }

    /// The placeholder help shows after the option name (`--threads N`).
    var defaultValueName: String {
        switch kind {
        case .int, .uint64: "N"
        case .double: "X"
        case .string: "TEXT"
        case .choice: "NAME"
        case .path: "PATH"
        case .keyValue: "KEY=VALUE"
        }
    }

    /// What is allowed, as it reads after "must be": "an integer from 1 to 64".
    var allowed: String {
        switch kind {
        case let .int(min, max):
            switch (min == .min, max == .max) {
            case (true, true): "an integer"
            case (false, true): "an integer of at least \(min)"
            case (true, false): "an integer of at most \(max)"
            case (false, false): "an integer from \(min) to \(max)"
            }
        case .uint64: "a whole number from 0 to \(UInt64.max)"
        case let .double(min, max):
            switch (min == -.infinity, max == .infinity) {
            case (true, true): "a finite number"
            case (false, true): "a number of at least \(Self.format(min))"
            case (true, false): "a number of at most \(Self.format(max))"
            case (false, false): "a number from \(Self.format(min)) to \(Self.format(max))"
            }
        case .string: "text"
        case let .choice(choices): "one of \(choices.joined(separator: ", "))"
        case let .path(mustExist): mustExist ? "an existing path" : "a path"
        case .keyValue: "KEY=VALUE with a non-empty key"
        }
    }

    /// The short note help adds after an option's text: allowed range or choices. Nil when the
    /// placeholder already says it all (plain text, plain path).
    var helpNote: String? {
        switch kind {
        case let .int(min, max) where min != .min || max != .max: allowed.replacingFirst("an integer ", with: "")
        case let .double(min, max) where min != -.infinity || max != .infinity: allowed.replacingFirst("a number ", with: "")
        case let .choice(choices): "one of: \(choices.joined(separator: ", "))"
        case .path(mustExist: true): "must exist"
        default: nil
        }
    }

    /// Checks and converts `text`. On failure returns the reason as it reads after
    /// "--threads must be ...": what is allowed, what was given, and a suggestion if one is close.
    func parse(_ text: String) -> Result<ParsedValue, ValueProblem> {
        switch kind {
        case let .int(min, max):
            guard let value = Int(text), value >= min, value <= max else { return .failure(problem(text)) }
            return .success(.int(value))
        case .uint64:
            guard let value = UInt64(text) else { return .failure(problem(text)) }
            return .success(.uint64(value))
        case let .double(min, max):
            guard let value = Double(text), value.isFinite, value >= min, value <= max else {
                return .failure(problem(text))
            }
            return .success(.double(value))
        case .string:
            return .success(.string(text))
        case let .choice(choices):
            guard choices.contains(text) else {
                var problem = problem(text)
                if let match = closestMatch(to: text, in: choices) {
                    problem.text += "; did you mean '\(match)'?"
                }
                return .failure(problem)
            }
            return .success(.string(text))
        case let .path(mustExist):
            guard !text.allSatisfy(\.isWhitespace) else { return .failure(ValueProblem(text: "a path, got an empty one ('\(text)')")) }
            if mustExist, access(text, F_OK) != 0 {
                return .failure(ValueProblem(text: "an existing path, but nothing exists at '\(text)'"))
            }
            return .success(.string(text))
        case .keyValue:
            guard let equals = text.firstIndex(of: "="), equals != text.startIndex else {
                return .failure(problem(text))
            }
            return .success(.keyValue(String(text[..<equals]), String(text[text.index(after: equals)...])))
        }
    }

    private func problem(_ text: String) -> ValueProblem {
        ValueProblem(text: "\(allowed), got '\(text)'")
    }

    /// `1.0` prints as `1`, `0.5` as `0.5`: ranges read like the user would type them.
    static func format(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return "\(Int(value))" }
        return "\(value)"
    }
}

/// Why a value was rejected, as the tail of "--threads must be ...".
struct ValueProblem: Error {
    var text: String
}

extension String {
    fileprivate func replacingFirst(_ prefix: String, with replacement: String) -> String {
        hasPrefix(prefix) ? replacement + dropFirst(prefix.count) : self
    }
}
