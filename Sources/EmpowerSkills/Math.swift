#if canImport(Glibc)
import Glibc
#endif

@usableFromInline func _logf(_ x: Float) -> Float { logf(x) }
@usableFromInline func _expf(_ x: Float) -> Float { expf(x) }
