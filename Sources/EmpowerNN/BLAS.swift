import CBLAS
import CKernels

/// Matrix products through OpenBLAS (`cblas_sgemm`), and its thread count.
///
/// Two shapes use small C kernels instead, both without transposes: fewer than 16 output
/// columns (`empower_sgemm_narrow`), because OpenBLAS allocates on every such call; and at most
/// ``smallRowLimit`` rows (`empower_sgemm_small_rows`: acting, one row per environment),
/// because OpenBLAS's speed there depends on the kernel it picked at load time
/// (`OPENBLAS_CORETYPE=Haswell` makes a batch-1 2x256 policy forward 4x slower).
///
/// All matrices are row-major. OpenBLAS runs one computation on as many threads as
/// ``threadCount``; results are bit-for-bit reproducible for a fixed thread count.
public enum BLAS {
    /// The number of threads OpenBLAS uses for one product.
    public static var threadCount: Int { Int(openblas_get_num_threads()) }

    /// Sets the OpenBLAS thread count. Use 1 when environments already use every core.
    /// - Precondition: `count >= 1`.
    public static func setThreadCount(_ count: Int) {
        precondition(count >= 1, "OpenBLAS needs at least one thread, got \(count)")
        openblas_set_num_threads(Int32(count))
    }

    /// A description of the BLAS build (OpenBLAS's configuration string: version, core, threads).
    public static var configuration: String {
        guard let text = openblas_get_config() else { return "OpenBLAS" }
        return String(cString: text)
    }

    /// Products with at most this many rows (and no transposes) use Empower's own kernel.
    public static let smallRowLimit = 8

    /// C = alpha * op(A) op(B) + beta * C, with op(A) of shape M x K and op(B) of shape K x N.
    ///
    /// `transposeA` means A is stored K x M (and is used transposed); likewise `transposeB`.
    /// Cost: 2 * M * N * K floating-point operations.
    @inlinable
    public static func gemm(
        transposeA: Bool = false, transposeB: Bool = false,
        m: Int, n: Int, k: Int,
        alpha: Float = 1,
        a: UnsafePointer<Float>, b: UnsafePointer<Float>,
        beta: Float = 0,
        c: UnsafeMutablePointer<Float>
    ) {
        if m == 0 || n == 0 { return }
        if k == 0 {
            if beta == 0 {
                c.update(repeating: 0, count: m * n)
            } else if beta != 1 {
                for i in 0..<(m * n) { c[i] *= beta }
            }
            return
        }
        if !transposeA && !transposeB && n == 1 && m > 1 {
            // A single output column: C = A b is the row bᵀAᵀ, an M = 1 product with A read
            // transposed, which OpenBLAS runs fast and without allocating.
            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, 1, Int32(m), Int32(k), alpha, b, Int32(k), a, Int32(k), beta, c, Int32(m))
            return
        }
        if !transposeA && !transposeB && m <= smallRowLimit && n >= 16 {
            empower_sgemm_small_rows(m, n, k, alpha, a, b, beta, c)
            return
        }
        if !transposeA && !transposeB && n < 16 {
            // Narrow products (an output layer, a batch-1 policy head): OpenBLAS 0.3.21 calls
            // malloc on every such sgemm (and sgemv) call, and the hot path must not allocate.
            empower_sgemm_narrow(m, n, k, alpha, a, b, beta, c)
            return
        }
        cblas_sgemm(
            CblasRowMajor,
            transposeA ? CblasTrans : CblasNoTrans,
            transposeB ? CblasTrans : CblasNoTrans,
            Int32(m), Int32(n), Int32(k),
            alpha,
            a, Int32(transposeA ? m : k),
            b, Int32(transposeB ? k : n),
            beta,
            c, Int32(n))
    }
}
