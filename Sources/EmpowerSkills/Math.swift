#if canImport(Glibc)
import Glibc
#endif

@usableFromInline func _logf(_ x: Float) -> Float { logf(x) }
@usableFromInline func _expf(_ x: Float) -> Float { expf(x) }
@usableFromInline func _cosf(_ x: Float) -> Float { cosf(x) }
@usableFromInline func _sinf(_ x: Float) -> Float { sinf(x) }
@usableFromInline func _atan2f(_ y: Float, _ x: Float) -> Float { atan2f(y, x) }
