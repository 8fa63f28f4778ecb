import EmpowerBase
import EmpowerTestSupport
import EmpowerTraining
import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// `mpirun -np 2 empower train` and `resume`: one run trained by two ranks, every gradient
/// averaged over them. Open MPI comes from the README's set-up script.
@Suite("Data-parallel training across MPI ranks (mpirun -np 2)", .serialized, .enabled(if: isOptimizedBuild, "trains small runs; the test script builds in release mode"))
struct DataParallelTests {
    static let launch = ["--allow-run-as-root", "--oversubscribe", "-np", "2"]

    /// Runs `arguments` under `mpirun -np 2` (through `sh -c` with `wrapper` first when given)
    /// in `directory`, and waits for it.
    static func mpirun(_ arguments: [String], in directory: TemporaryDirectory, log: String, timeout: Double = 300) throws -> (ChildProcess.Ending, ChildProcess) {
        let child = try ChildProcess(try MPISweepTests.mpirun(), launch + [try EmpowerExecutable.locate()] + arguments, in: directory.path, logPrefix: directory.file(log))
        return (try child.waitForExit(timeout: timeout), child)
    }

    /// The latest checkpoint and its metadata as JSON.
    static func latestCheckpoint(_ run: String) throws -> (checkpoint: Checkpoint, metadata: [String: Any]) {
        let store = try CheckpointStore(directory: run + "/checkpoints", keep: 3)
        guard let checkpoint = try store.latest(),
              let metadata = try JSONSerialization.jsonObject(with: Data(checkpoint.metadata)) as? [String: Any]
        else { throw TestFailure("\(run) has no readable checkpoint") }
        return (checkpoint, metadata)
    }

    @Test("PPO and DIAYN on 2 ranks: both ranks hold identical parameters at every checkpoint, each collects its own data, steps count both ranks", arguments: [
        (["--algo", "ppo", "--env", "Pendulum-v0"], 8192, "rank1.collector.channel_returns"),
        (["--algo", "diayn"], 3000, "rank1.replay.observations"),
    ])
    func twoRanks(arguments: [String], steps: Int, rankTensor: String) throws {
        let scratch = try TemporaryDirectory()
        defer { scratch.remove() }
        let (ending, child) = try Self.mpirun(["train"] + arguments + ["--steps", "\(steps)", "--set", "checkpoint_interval=1000", "--run-dir", "run"], in: scratch, log: "log")
        let output = child.standardOutput
        #expect(ending == .exited(0), "\(output)\n\(child.standardError.suffix(3000))")
        #expect(output.components(separatedBy: "data-parallel training on 2 ranks").count == 2, "printed by rank 0 alone:\n\(output)")
        let events = scratch.read("run/events.log") ?? ""
        #expect(events.contains("finished at step \(steps); 2 ranks hold identical parameters and optimizer state"), "\(events)")

        // Rank 0 wrote one checkpoint with both ranks' shares; each rank's digest of what they
        // share was computed on that rank.
        let (checkpoint, metadata) = try Self.latestCheckpoint(scratch.file("run"))
        let names = checkpoint.orderedNames
        #expect(checkpoint.step == steps)
        #expect(metadata["ranks"] as? Int == 2)
        let others = metadata["otherRanks"] as? [[String: Any]] ?? []
        #expect(others.count == 1)
        let digest = metadata["sharedDigest"] as? Int
        #expect(digest != nil && digest == others.first?["sharedDigest"] as? Int, "rank 0 \(String(describing: digest)), rank 1 \(String(describing: others.first?["sharedDigest"]))")
        #expect(names.contains(rankTensor), "rank 1's own tensors are in the checkpoint: \(names.filter { $0.hasPrefix("rank1.") })")
        // Seeds of their own: the ranks' current episodes started from different states.
        let starts0 = checkpoint.tensors["collector.episode_starts"]?.scalars, starts1 = checkpoint.tensors["rank1.collector.episode_starts"]?.scalars
        #expect(starts0 != nil && starts1 != nil && starts0 != starts1, "rank 0 \(String(describing: starts0)), rank 1 \(String(describing: starts1))")

        // The metrics count both ranks' steps and say how many ranks trained.
        let rows = (scratch.read("run/metrics.csv") ?? "").split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        let header = rows.first ?? []
        let last = rows.last ?? []
        #expect(last.first == "\(steps)")
        if let column = header.firstIndex(of: "parallel/ranks"), column < last.count { #expect(last[column] == "2") } else { Issue.record("no parallel/ranks column: \(header)") }
        #expect(header.contains("parallel/communication_ms_per_update"))
    }

    @Test("A 2-rank update equals a 1-process update on the same global batch within 1e-6 (SAC + DIAYN and PPO, 20 updates)")
    func equalsOneProcess() throws {
        let scratch = try TemporaryDirectory()
        defer { scratch.remove() }
        let (ending, child) = try Self.mpirun(["bench", "parallel", "--json", "--updates", "20", "--effort", "0.05"], in: scratch, log: "log")
        #expect(ending == .exited(0), "\(child.standardError.suffix(3000))")
        guard let result = try JSONSerialization.jsonObject(with: Data(child.standardOutput.utf8)) as? [String: Any] else {
            throw TestFailure("not one JSON object: \(child.standardOutput)")
        }
        for key in ["sac_relative_difference", "ppo_relative_difference"] {
            let difference = result[key] as? Double ?? .infinity
            #expect(difference < 1e-6, "\(key) = \(difference)")
        }
        // One sum per optimizer step: the critics, the actor, the temperature and the discriminator; PPO's one optimizer.
        #expect(result["sac_sums_per_update"] as? Int == 4)
        #expect(result["ppo_sums_per_update"] as? Int == 1)
        #expect((result["sac_bytes_per_update"] as? Int ?? 0) > 1_000_000)
        #expect(result["ranks"] as? Int == 2)
    }

    @Test("A rank killed mid-run ends the launch naming it; mpirun -np 2 resume then finishes exactly as the run that was never killed, and one process refuses to resume it")
    func killedRankThenResume() throws {
        let scratch = try TemporaryDirectory()
        defer { scratch.remove() }
        let run = ["--steps", "6000", "--set", "checkpoint_interval=1000", "--set", "evaluation_interval=0"]
        let (whole, wholeChild) = try Self.mpirun(["train"] + run + ["--run-dir", "whole"], in: scratch, log: "whole")
        #expect(whole == .exited(0), "\(wholeChild.standardError.suffix(3000))")

        // Each rank writes its process id, so the test can kill rank 1 alone.
        let wrapper = "echo $$ > \(scratch.path)/pid.$OMPI_COMM_WORLD_RANK; exec \"$@\""
        let killed = try ChildProcess(
            try MPISweepTests.mpirun(),
            Self.launch + ["sh", "-c", wrapper, "sh", try EmpowerExecutable.locate(), "train"] + run + ["--run-dir", "killed"],
            in: scratch.path, logPrefix: scratch.file("killed"))
        let reached = try killed.wait(timeout: 120) { FileManager.default.fileExists(atPath: scratch.file("killed/checkpoints/step-000002000.ckpt")) }
        #expect(reached, "\(killed.standardError.suffix(3000))")
        guard let pid = scratch.read("pid.1").flatMap({ Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) }) else {
            throw TestFailure("rank 1 wrote no process id")
        }
        kill(pid, SIGKILL)
        let ending = try killed.waitForExit(timeout: 60)
        #expect(ending != .exited(0))
        #expect(killed.standardError.contains("process rank 1"), "\(killed.standardError.suffix(3000))")

        let single = try ChildProcess(try EmpowerExecutable.locate(), ["resume", "killed"], in: scratch.path, logPrefix: scratch.file("single"))
        #expect(try single.waitForExit(timeout: 60) != .exited(0))
        #expect(single.standardError.contains("rank_count_mismatch") && single.standardError.contains("mpirun -np 2 empower resume"), "\(single.standardError)")

        let (resumed, resumedChild) = try Self.mpirun(["resume", "killed"], in: scratch, log: "resumed")
        #expect(resumed == .exited(0), "\(resumedChild.standardError.suffix(3000))")
        #expect((scratch.read("killed/events.log") ?? "").contains("on 2 ranks"))
        let final = "checkpoints/step-000006000.ckpt"
        let expected = FileManager.default.contents(atPath: scratch.file("whole/" + final))
        #expect(expected != nil && expected == FileManager.default.contents(atPath: scratch.file("killed/" + final)), "the resumed run's last checkpoint is the uninterrupted run's, byte for byte")
    }
}
