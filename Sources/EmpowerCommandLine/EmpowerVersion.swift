/// The version of Empower, as `empower --version` prints it. Semantic versioning: the minor
/// number changes with the command line, the configuration format or the checkpoint format.
public enum EmpowerVersion {
    public static let current = "0.1.0"
}
