import CMPIShim
import EmpowerBase
import Foundation

/// The processes of one `mpirun -np N` (or `srun`) launch: this process's rank and the world
/// size, and the few collective operations Empower uses.
///
/// MPI is initialized only when the process was started by an MPI launcher (Open MPI's
/// `OMPI_COMM_WORLD_SIZE`, or PMI/PMIx variables under Slurm), so a plain `empower` never
/// needs an MPI daemon: ``current`` is nil then. Child processes that must run on their own
/// (the runs of a sweep) get ``standaloneEnvironment(_:)``.
///
/// ```swift
/// if let world = MPIWorld.current, world.size > 1 {
///     var counts = [Double(myRuns)]
///     try world.sum(&counts)      // every rank now holds the total
/// }
/// ```
public final class MPIWorld: @unchecked Sendable {
    public let rank: Int
    public let size: Int

    /// The launch's world, or nil when this process was not started by an MPI launcher (or
    /// `EMPOWER_MPI=0` is set). Initialized on first use; a failing `MPI_Init` ends the
    /// process with the MPI error, since no rank could go on alone.
    public static let current: MPIWorld? = {
        guard isLaunchedByMPI(ProcessInfo.processInfo.environment) else { return nil }
        do {
            let world = try MPIWorld()
            atexit { MPIWorld.current?.finalize() }
            return world
        } catch {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            exit(1)
        }
    }()

    private var finalized = false
    /// ``sumIdentically(_:)``'s buffers, kept between calls (the calls are never concurrent).
    var padded: [Float] = []
    var ownBlock: [Float] = []

    private init() throws(MPIError) {
        try Self.check(empower_mpi_init(), "MPI_Init_thread")
        var rank: Int32 = 0, size: Int32 = 0
        try Self.check(empower_mpi_rank(&rank), "MPI_Comm_rank")
        try Self.check(empower_mpi_size(&size), "MPI_Comm_size")
        self.rank = Int(rank)
        self.size = Int(size)
    }

    /// The number of ranks of the launch that started this process, from the launcher's
    /// variables (nil when no MPI launcher started it), without initializing MPI.
    public static func launchSize(_ variables: [String: String]) -> Int? {
        guard isLaunchedByMPI(variables) else { return nil }
        for name in ["OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "PMIX_SIZE", "SLURM_NTASKS"] {
            if let size = variables[name].flatMap({ Int($0) }) { return size }
        }
        return nil
    }

    /// Whether these environment variables say an MPI launcher started the process.
    public static func isLaunchedByMPI(_ variables: [String: String]) -> Bool {
        if variables["EMPOWER_MPI"] == "0" { return false }
        return ["OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_SIZE"].contains { variables[$0] != nil }
    }

    /// `variables` without what would make a child process join this launch: a sweep's runs
    /// are single-process programs of their own.
    public static func standaloneEnvironment(_ variables: [String: String]) -> [String: String] {
        var result = variables.filter { key, _ in
            !["OMPI_", "PMIX_", "PMI_", "OPAL_", "ORTE_"].contains { key.hasPrefix($0) }
        }
        result["EMPOWER_MPI"] = "0"
        return result
    }

    /// Waits until every rank has called this, sleeping `poll` between checks (a rank that
    /// waits for the others' long work does not take a core from them).
    public func barrier(poll: Double = 0.05) throws(MPIError) {
        try Self.check(empower_mpi_start_barrier(), "MPI_Ibarrier")
        var done: Int32 = 0
        while done == 0 {
            try Self.check(empower_mpi_test_barrier(&done), "MPI_Test")
            if done == 0 { usleep(UInt32(poll * 1e6)) }
        }
    }

    /// Replaces `values` with their element-wise sum over all ranks.
    public func sum(_ values: inout [Double]) throws(MPIError) {
        let status = values.withUnsafeMutableBufferPointer { empower_mpi_sum_doubles($0.baseAddress, Int32($0.count)) }
        try Self.check(status, "MPI_Allreduce")
    }

    /// Replaces `values` with their element-wise sum over all ranks.
    public func sum(_ values: inout [Float]) throws(MPIError) {
        let status = values.withUnsafeMutableBufferPointer { empower_mpi_sum_floats($0.baseAddress, Int32($0.count)) }
        try Self.check(status, "MPI_Allreduce")
    }

    /// Rank `root`'s bytes, on every rank (`bytes` must have the same count everywhere).
    public func broadcast(_ bytes: inout [UInt8], from root: Int = 0) throws(MPIError) {
        let status = bytes.withUnsafeMutableBytes { empower_mpi_broadcast($0.baseAddress, Int32($0.count), Int32(root)) }
        try Self.check(status, "MPI_Bcast")
    }

    /// Ends every rank of the launch with `code`.
    public func abort(_ code: Int32) -> Never {
        empower_mpi_abort(code)
        exit(code)
    }

    func finalize() {
        guard !finalized else { return }
        finalized = true
        _ = empower_mpi_finalize()
    }

    static func check(_ status: Int32, _ call: String) throws(MPIError) {
        guard status != 0 else { return }
        var buffer = [CChar](repeating: 0, count: 512)
        empower_mpi_error_string(status, &buffer, Int32(buffer.count))
        let message = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        throw MPIError(.mpiFailed, "\(call) failed: \(message)", context: ["call": call])
    }
}

public typealias MPIError = CodedError<MPIErrorCode>

public enum MPIErrorCode: String, Sendable {
    /// An MPI call returned an error.
    case mpiFailed = "mpi_failed"
    /// The ranks do not all see the same run folder.
    case folderNotShared = "folder_not_shared"
}
