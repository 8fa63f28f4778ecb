/// A value after checking and conversion by its ``ValueType``. Paths and choices are kept as
/// strings.
enum ParsedValue: Sendable, Hashable {
    case int(Int)
    case uint64(UInt64)
    case double(Double)
    case string(String)
    case keyValue(String, String)
}
