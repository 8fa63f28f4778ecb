/// The processes that train one run together: data-parallel training under `mpirun -np N`,
/// where each process (rank) collects its own data and every optimizer step averages its
/// gradient over all of them, so every rank holds the same parameters.
///
/// The few collective operations data-parallel training needs. Every rank must call each one,
/// in the same order. They do not throw: a collective that fails leaves no rank able to go on
/// alone, so an implementation ends every rank with a message naming the one that saw the
/// failure (``fail(_:)``). `EmpowerMPI.MPIWorld` is the implementation over Open MPI.
///
/// ```swift
/// values.withUnsafeMutableBufferPointer { group.sumIdentically($0) }   // every rank: the sum
/// let parts = group.gather(myBytes, to: 0)                              // rank 0: every rank's
/// ```
public protocol ProcessGroup: AnyObject, Sendable {
    /// This process's index, 0 ..< ``size``.
    var rank: Int { get }
    /// The number of processes.
    var size: Int { get }
    /// Replaces `values` with their element-wise sum over every rank. Every rank receives the
    /// same bits: each element is summed once, in an order fixed by the group's size, and that
    /// one result is sent to every rank.
    func sumIdentically(_ values: UnsafeMutableBufferPointer<Float>)
    /// Rank `root`'s bytes, on every rank (the count travels with them).
    func broadcast(_ bytes: [UInt8], from root: Int) -> [UInt8]
    /// Every rank's bytes in rank order, at `root`; an empty list on the other ranks.
    func gather(_ bytes: [UInt8], to root: Int) -> [[UInt8]]
    /// Ends every rank, after this one writes `message` to standard error.
    func fail(_ message: String) -> Never
}
