import EmpowerBase
import EmpowerTestSupport
import EmpowerTraining
import Foundation
import Testing

/// `empower sweep` under `mpirun -np 2`: the ranks share the grid's runs, each run is trained
/// and evaluated by exactly one rank as a single-process program, and rank 0 writes the table
/// once. Open MPI comes from the README's set-up script (`openmpi-bin`, `libopenmpi-dev`).
@Suite("empower sweep across MPI ranks (mpirun -np 2)", .serialized, .enabled(if: isOptimizedBuild, "trains small runs; the test script builds in release mode"))
struct MPISweepTests {
    static func mpirun() throws -> String {
        for path in ["/usr/bin/mpirun", "/usr/local/bin/mpirun"] where FileManager.default.isExecutableFile(atPath: path) { return path }
        throw TestFailure("mpirun is missing: run the test suite with `bash scripts/test.sh`, which installs Open MPI (openmpi-bin)")
    }

    @Test("4 runs over 2 ranks: each trained once, by the rank the plan names; one table, written by rank 0")
    func sweepOverTwoRanks() throws {
        let out = temporaryPath("mpi-sweep")
        defer { removeScratch(out) }
        let logs = temporaryPath("mpi-sweep-log")
        defer { for suffix in [".out", ".err"] { removeScratch(logs + suffix) } }
        let child = try ChildProcess(
            try Self.mpirun(),
            ["--allow-run-as-root", "--oversubscribe", "-np", "2", try EmpowerExecutable.locate(), "sweep"] + SweepRunTests.base()
                + ["--grid", "diayn.hidden_sizes=[16],[32]", "--seed-list", "1,2", "--episodes", "2", "--out", out],
            in: FileManager.default.temporaryDirectory.path, logPrefix: logs)
        let ending = try child.waitForExit(timeout: 600)
        let output = child.standardOutput
        #expect(ending == .exited(0), "\(output)\n\(child.standardError.suffix(3000))")
        let names = ["hidden_sizes-16_seed-1", "hidden_sizes-16_seed-2", "hidden_sizes-32_seed-1", "hidden_sizes-32_seed-2"]
        #expect(try FileManager.default.contentsOfDirectory(atPath: out + "/runs").sorted() == names)
        #expect(output.components(separatedBy: "4 runs: 2 grid points x 2 seeds, over 2 MPI ranks").count == 2, "the plan, printed by rank 0 only:\n\(output)")
        for (index, name) in names.enumerated() {
            #expect(output.contains("\(name): train (rank \(index % 2))"), "\(output)")
            #expect(output.components(separatedBy: "\(name): train started").count == 2, "\(name) trained once:\n\(output)")
            let report = try EvaluationReport.read(from: "\(out)/runs/\(name)/report/report.json")
            #expect(report.episodesPerSkill == 2 && report.checkpointStep == 300)
        }
        #expect(output.components(separatedBy: "wrote \(out)/README-table.md").count == 2, "the table, written once:\n\(output)")
        let table = try String(contentsOfFile: out + "/README-table.md", encoding: .utf8)
        #expect(table.split(separator: "\n").filter { $0.hasPrefix("| [") }.count == 2, "\(table)")
    }

    /// Rank 1 runs in its own mount namespace with an empty tmpfs over the sweep's parent
    /// folder: it cannot see what rank 0 writes there, as on a machine without the shared disk.
    @Test("A folder that not every rank sees is detected at the start, and every rank ends naming the rank that cannot see it")
    func folderNotShared() throws {
        let parent = temporaryPath("mpi-unshared")
        defer { removeScratch(parent) }
        try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
        let wrapper = """
            if [ "$OMPI_COMM_WORLD_RANK" = 1 ]; then
                exec unshare -m sh -c 'mount -t tmpfs none "$0" && exec "$@"' "\(parent)" "$@"
            fi
            exec "$@"
            """
        let logs = temporaryPath("mpi-unshared-log")
        defer { for suffix in [".out", ".err"] { removeScratch(logs + suffix) } }
        let child = try ChildProcess(
            try Self.mpirun(),
            ["--allow-run-as-root", "--oversubscribe", "-np", "2", "sh", "-c", wrapper, "sh", try EmpowerExecutable.locate(), "sweep"]
                + SweepRunTests.base() + ["--grid", "diayn.hidden_sizes=[16],[32]", "--out", parent + "/out"],
            in: FileManager.default.temporaryDirectory.path, logPrefix: logs)
        let ending = try child.waitForExit(timeout: 120)
        let error = child.standardError + child.standardOutput
        #expect(ending != .exited(0))
        #expect(error.contains("folder_not_shared: rank 1 cannot see the folder '\(parent)/out' that rank 0 made"), "\(error)")
        #expect(!FileManager.default.fileExists(atPath: parent + "/out/runs"), "nothing trained")
    }

    @Test("A command that runs in one process is refused by every rank under mpirun -np 2 before it writes anything")
    func evaluateIsNotParallel() throws {
        let scratch = try TemporaryDirectory()
        defer { scratch.remove() }
        let child = try ChildProcess(
            try Self.mpirun(),
            ["--allow-run-as-root", "--oversubscribe", "-np", "2", try EmpowerExecutable.locate(), "evaluate", "--policy", "random", "--env", "PointMass-v0", "report"],
            in: scratch.path, logPrefix: scratch.file("log"))
        let ending = try child.waitForExit(timeout: 120)
        let output = child.standardError + child.standardOutput
        #expect(ending != .exited(0))
        #expect(output.contains("'empower evaluate' runs in one process, and this launch has 2 MPI ranks"), "\(output)")
        #expect(!FileManager.default.fileExists(atPath: scratch.file("report")), "no report")
    }
}
