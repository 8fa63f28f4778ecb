#if canImport(Glibc)
import Glibc
#endif

// Element-wise operations of one input: forward kernels and their recording.
extension Tape {
    func unary(_ op: Operation, _ x: Variable, scalar0: Float = 0, scalar1: Float = 0) -> Variable {
        let input = nodes[x.index]
        let count = input.shape.elementCount
        let out = appendNode(op, shape: input.shape, requiresGradient: input.requiresGradient, a: x.index)
        nodes[out].scalar0 = scalar0
        nodes[out].scalar1 = scalar1
        let source = input.value
        let target = nodes[out].value
        switch op {
        case .negate:
            for i in 0..<count { target[i] = -source[i] }
        case .scale:
            for i in 0..<count { target[i] = source[i] * scalar0 }
        case .addScalar:
            for i in 0..<count { target[i] = source[i] + scalar0 }
        case .relu:
            for i in 0..<count { target[i] = Swift.max(source[i], 0) }
        case .tanh:
            for i in 0..<count { target[i] = tanhf(source[i]) }
        case .exp:
            for i in 0..<count { target[i] = expf(source[i]) }
        case .log:
            for i in 0..<count { target[i] = logf(source[i]) }
        case .softplus:
            // log(1 + e^x) = max(x, 0) + log1p(e^-|x|): exact for large |x|, no overflow.
            for i in 0..<count {
                let v = source[i]
                target[i] = Swift.max(v, 0) + log1pf(expf(-Swift.abs(v)))
            }
        case .sigmoid:
            for i in 0..<count {
                let v = source[i]
                if v >= 0 {
                    target[i] = 1 / (1 + expf(-v))
                } else {
                    let e = expf(v)
                    target[i] = e / (1 + e)
                }
            }
        case .square:
            for i in 0..<count { target[i] = source[i] * source[i] }
        case .clamp:
            for i in 0..<count { target[i] = Swift.min(Swift.max(source[i], scalar0), scalar1) }
        default:
            preconditionFailure("\(op) is not an element-wise unary operation")
        }
        return Variable(out, self)
    }

    /// Accumulates the input gradient of a unary node.
    func unaryBackward(_ node: Node) {
        let count = node.shape.elementCount
        let g = node.gradient!
        let x = nodes[node.a].value
        let y = node.value
        let gx = gradientBuffer(node.a)
        switch node.op {
        case .negate:
            for i in 0..<count { gx[i] -= g[i] }
        case .scale:
            let s = node.scalar0
            for i in 0..<count { gx[i] += g[i] * s }
        case .addScalar:
            for i in 0..<count { gx[i] += g[i] }
        case .relu:
            for i in 0..<count { gx[i] += y[i] > 0 ? g[i] : 0 }
        case .tanh:
            for i in 0..<count { gx[i] += g[i] * (1 - y[i] * y[i]) }
        case .exp:
            for i in 0..<count { gx[i] += g[i] * y[i] }
        case .log:
            for i in 0..<count { gx[i] += g[i] / x[i] }
        case .softplus:
            // d/dx softplus(x) = sigmoid(x) = 1 - e^-softplus(x)
            for i in 0..<count { gx[i] += g[i] * (1 - expf(-y[i])) }
        case .sigmoid:
            for i in 0..<count { gx[i] += g[i] * y[i] * (1 - y[i]) }
        case .square:
            for i in 0..<count { gx[i] += 2 * g[i] * x[i] }
        case .clamp:
            let low = node.scalar0
            let high = node.scalar1
            for i in 0..<count { gx[i] += (x[i] >= low && x[i] <= high) ? g[i] : 0 }
        default:
            preconditionFailure("\(node.op) is not an element-wise unary operation")
        }
    }
}

extension Variable {
    /// max(x, 0), element-wise.
    public func relu() -> Variable { tape.unary(.relu, self) }
    /// Hyperbolic tangent, element-wise.
    public func tanh() -> Variable { tape.unary(.tanh, self) }
    /// e^x, element-wise.
    public func exp() -> Variable { tape.unary(.exp, self) }
    /// Natural logarithm, element-wise (the caller keeps inputs positive).
    public func log() -> Variable { tape.unary(.log, self) }
    /// log(1 + e^x), element-wise, computed without overflow.
    public func softplus() -> Variable { tape.unary(.softplus, self) }
    /// 1 / (1 + e^-x), element-wise.
    public func sigmoid() -> Variable { tape.unary(.sigmoid, self) }
    /// x^2, element-wise.
    public func square() -> Variable { tape.unary(.square, self) }
    /// min(max(x, low), high), element-wise. The gradient passes where low <= x <= high.
    public func clamped(to range: ClosedRange<Float>) -> Variable {
        tape.unary(.clamp, self, scalar0: range.lowerBound, scalar1: range.upperBound)
    }
    /// The same value, cut from the gradient: nothing flows back through it.
    public func detached() -> Variable { tape.detach(self) }

    public static prefix func - (x: Variable) -> Variable { x.tape.unary(.negate, x) }
    public static func * (x: Variable, s: Float) -> Variable { x.tape.unary(.scale, x, scalar0: s) }
    public static func * (s: Float, x: Variable) -> Variable { x.tape.unary(.scale, x, scalar0: s) }
    public static func / (x: Variable, s: Float) -> Variable { x.tape.unary(.scale, x, scalar0: 1 / s) }
    public static func + (x: Variable, s: Float) -> Variable { x.tape.unary(.addScalar, x, scalar0: s) }
    public static func + (s: Float, x: Variable) -> Variable { x.tape.unary(.addScalar, x, scalar0: s) }
    public static func - (x: Variable, s: Float) -> Variable { x.tape.unary(.addScalar, x, scalar0: -s) }
    public static func - (s: Float, x: Variable) -> Variable { x.tape.unary(.addScalar, x.tape.unary(.negate, x), scalar0: s) }
}

@usableFromInline func _tanh(_ x: Float) -> Float { tanhf(x) }
@usableFromInline func _exp(_ x: Float) -> Float { expf(x) }
@usableFromInline func _pow(_ x: Float, _ y: Float) -> Float { powf(x, y) }
