import EmpowerMPI
import EmpowerTraining
import Foundation

/// What `empower sweep` uses to run its training and evaluation: `empower` child processes a
/// few at a time, and a metric summarized over seeds.
enum ExperimentRuns {
    /// One child process: `empower <arguments>`, its output in `logPath`.
    struct Job {
        var name: String
        var arguments: [String]
        var logPath: String
    }

    /// Runs every job as a child `empower` process (this executable), `parallel` at a time,
    /// reporting starts and ends through `io`. Every job runs to its end even when one fails.
    /// - Throws: ``TrainingError`` naming every job that exited with a non-zero status and its log.
    static func run(_ jobs: [Job], parallel: Int, io: CommandIO) throws {
        let executable = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        var pending = jobs[...]
        var running: [(job: Job, process: Process, log: FileHandle)] = []
        var failed: [String] = []
        while !pending.isEmpty || !running.isEmpty {
            while running.count < max(parallel, 1), let job = pending.popFirst() {
                let process = Process()
                process.executableURL = URL(fileURLWithPath: executable)
                process.arguments = job.arguments
                let variables = ProcessInfo.processInfo.environment
                if MPIWorld.isLaunchedByMPI(variables) {  // under mpirun, each run is a program of its own
                    process.environment = MPIWorld.standaloneEnvironment(variables)
                }
                _ = FileManager.default.createFile(atPath: job.logPath, contents: nil)
                let log = try FileHandle(forWritingTo: URL(fileURLWithPath: job.logPath))
                process.standardOutput = log
                process.standardError = log
                try process.run()
                io.print("\(job.name): \(job.arguments.first ?? "run") started (log \(job.logPath))")
                running.append((job, process, log))
            }
            Thread.sleep(forTimeInterval: 0.5)
            for (job, process, log) in running where !process.isRunning {
                try? log.close()
                if process.terminationStatus == 0 {
                    io.print("\(job.name): finished")
                } else {
                    failed.append("\(job.name) (status \(process.terminationStatus), see \(job.logPath))")
                }
            }
            running.removeAll { !$0.process.isRunning }
        }
        guard failed.isEmpty else {
            throw TrainingError(.childRunFailed, "child runs failed: \(failed.joined(separator: ", ")); fix the cause shown in the log and rerun the command (finished runs are kept)")
        }
    }

    /// The mean and the sample standard deviation (0 for fewer than two values).
    static func meanAndSpread(_ values: [Double]) -> (mean: Double, spread: Double) {
        let mean = values.reduce(0, +) / Double(max(values.count, 1))
        guard values.count > 1 else { return (mean, 0) }
        let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count - 1)
        return (mean, variance.squareRoot())
    }
}
