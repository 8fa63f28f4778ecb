import EmpowerTestSupport
import Foundation
import Testing

/// The Python package in `python/` against the library this build made (`libEmpowerC.so`):
/// its pytest files (Gymnasium's `check_env` on every single-agent environment, PettingZoo's
/// `parallel_api_test` and seed test on both multi-agent ones, the vector environment on two
/// threads against one, errors), `pip install` of the package, and the message when the
/// library is missing. Python comes from the `.venv` that the README's test command creates.
@Suite("The Python package (Gymnasium, PettingZoo) over libEmpowerC.so", .serialized)
struct PythonPackageTests {
    /// Environment variables that point the package at this build's library and keep Python
    /// from writing bytecode into the checkout.
    static func environment(library: String? = nil) throws -> [String: String] {
        [
            "EMPOWER_LIBRARY": try library ?? EmpowerExecutable.locate("libEmpowerC.so"),
            "PYTHONPATH": repositoryRoot + "/python",
            "PYTHONDONTWRITEBYTECODE": "1",
        ]
    }

    /// Runs `.venv/bin/python arguments...` in `scratch`; returns how it ended and its output.
    static func python(_ arguments: [String], in scratch: TemporaryDirectory, environment: [String: String], timeout: Double = 300)
        throws -> (ending: ChildProcess.Ending, output: String)
    {
        let child = try ChildProcess(
            try TensorBoardTests.python(), arguments, in: scratch.path, logPrefix: scratch.file("python-\(UUID().uuidString.prefix(8))"),
            environment: environment)
        let ending = try child.waitForExit(timeout: timeout)
        return (ending, child.standardOutput + child.standardError)
    }

    /// Runs one pytest file of `python/tests` and fails with pytest's report when a test fails.
    static func pytest(_ file: String) throws {
        let scratch = try TemporaryDirectory()
        defer { scratch.remove() }
        let (ending, output) = try python(
            ["-m", "pytest", "-q", "-p", "no:cacheprovider", repositoryRoot + "/python/tests/" + file], in: scratch,
            environment: try environment())
        guard ending == .exited(0) else {
            throw TestFailure("pytest \(file) failed (\(ending)):\n\(output.suffix(6000))")
        }
        #expect(output.contains(" passed"), "\(output.suffix(2000))")
    }

    @Test("Gymnasium: check_env on every single-agent environment, seeds, render, arguments, errors")
    func gymnasium() throws {
        try Self.pytest("test_gymnasium.py")
    }

    @Test("Gymnasium vector environment: 2 threads equal 1 bit for bit, same-step autoreset, errors")
    func vector() throws {
        try Self.pytest("test_vector.py")
    }

    @Test("PettingZoo: parallel_api_test and parallel_seed_test on both multi-agent environments")
    func pettingZoo() throws {
        try Self.pytest("test_pettingzoo.py")
    }

    /// `pip install` of a copy of `python/` bundles the library; the installed package loads
    /// that copy with no variable pointing at the build, and its environments pass the checker.
    @Test("pip install bundles libEmpowerC.so, and the installed package works on its own")
    func pipInstall() throws {
        let scratch = try TemporaryDirectory()
        defer { scratch.remove() }
        let source = scratch.file("python")
        try FileManager.default.copyItem(atPath: repositoryRoot + "/python", toPath: source)
        let install = try Self.python(
            ["-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--no-build-isolation", "--no-deps",
             "--target", scratch.file("site"), source],
            in: scratch, environment: try Self.environment().merging(["PYTHONPATH": ""]) { $1 })
        guard install.ending == .exited(0) else { throw TestFailure("pip install failed (\(install.ending)):\n\(install.output.suffix(4000))") }
        #expect(FileManager.default.fileExists(atPath: scratch.file("site/empower/libEmpowerC.so")))
        let script = """
            import gymnasium, empower
            from gymnasium.utils.env_checker import check_env
            print(empower._native._candidates()[0])
            env = gymnasium.make("empower/TabletopReach-v0")
            check_env(env.unwrapped)
            print("checked", env.reset(seed=0)[0].shape)
            """
        let run = try Self.python(
            ["-W", "ignore", "-c", script], in: scratch,
            environment: ["EMPOWER_LIBRARY": "", "PYTHONPATH": scratch.file("site"), "PYTHONDONTWRITEBYTECODE": "1"])
        #expect(run.ending == .exited(0), "\(run.output.suffix(3000))")
        #expect(run.output.contains(scratch.file("site/empower/libEmpowerC.so")), "\(run.output)")
        #expect(run.output.contains("checked (19,)"), "\(run.output)")
    }

    @Test("A missing library is an ImportError that says how to build it")
    func missingLibrary() throws {
        let scratch = try TemporaryDirectory()
        defer { scratch.remove() }
        let (ending, output) = try Self.python(
            ["-c", "import empower"], in: scratch, environment: try Self.environment(library: scratch.file("libEmpowerC.so")))
        #expect(ending == .exited(1))
        #expect(output.contains("LibraryNotFoundError"), "\(output)")
        #expect(output.contains("swift build -c release --product EmpowerC"), "\(output)")
    }
}
