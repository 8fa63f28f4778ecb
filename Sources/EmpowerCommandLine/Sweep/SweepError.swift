import EmpowerBase

/// A problem with a sweep that `empower sweep` finds before it trains anything (a bad grid, a
/// grid file it cannot read) or that stops it (a directory in the way of a run).
///
/// ```text
/// empty_axis: --grid masd.beta= has no values; give at least one, e.g. --grid masd.beta=0,1 [field=masd.beta]
/// ```
///
/// `context["field"]` names the grid field or configuration key concerned, `context["path"]` the
/// file or directory.
public typealias SweepError = CodedError<SweepErrorCode>

/// The codes of ``SweepError``.
public enum SweepErrorCode: String, Sendable {
    /// An axis with no values.
    case emptyAxis = "empty_axis"
    /// Two axes over the same key or with the same name.
    case duplicateAxis = "duplicate_axis"
    /// Two grid points whose run names are the same (values that differ only in punctuation).
    case duplicateRunName = "duplicate_run_name"
    /// A grid file that cannot be read or is not valid JSON.
    case unreadableGridFile = "unreadable_grid_file"
    /// A field of a grid file that the format does not have.
    case unknownField = "unknown_field"
    /// A field of a grid file (or a `--grid`, `--seed-list`, `--columns` value) of the wrong
    /// shape.
    case invalidField = "invalid_field"
    /// A `--columns` key that report.json does not have.
    case unknownColumn = "unknown_column"
    /// A run's directory holds something the sweep neither wrote nor can continue.
    case runInTheWay = "run_in_the_way"
    /// Another `empower sweep` works in the same --out folder.
    case outInUse = "out_in_use"
}

