import CKernels
import EmpowerBase

/// Adam (Kingma and Ba, 2015) with optional global-norm gradient clipping.
///
/// For each parameter p with gradient g, at step t (counting from 1):
///
///     m <- beta1 m + (1 - beta1) g
///     v <- beta2 v + (1 - beta2) g^2
///     p <- p - learningRate * (m / (1 - beta1^t)) / (sqrt(v / (1 - beta2^t)) + epsilon)
///
/// With `maximumGradientNorm` set, all gradients are first scaled by
/// min(1, maximumGradientNorm / ||g||) where ||g|| is the norm over every parameter together.
///
/// ```swift
/// var optimizer = Adam(parameters: critic.parameters, learningRate: 3e-4)
/// tape.backward(loss)
/// optimizer.step()        // updates and zeroes the gradients
/// ```
///
/// Cost: about 12 floating-point operations per parameter, no allocation.
public struct Adam {
    public let parameters: [Parameter]
    public var learningRate: Float
    public var beta1: Float
    public var beta2: Float
    public var epsilon: Float
    /// Clip the global gradient norm to this value; nil for no clipping.
    public var maximumGradientNorm: Float?
    /// The number of steps taken.
    public private(set) var stepCount: Int = 0
    /// First and second moment estimates, one per parameter.
    public private(set) var firstMoments: [Tensor]
    public private(set) var secondMoments: [Tensor]
    /// The global gradient norm seen by the last step, before clipping (computed only when
    /// clipping is on; 0 otherwise).
    public private(set) var lastGradientNorm: Float = 0
    /// Every gradient in one buffer, for averaging over the ranks of data-parallel training.
    private var fusedGradients: [Float] = []

    public init(
        parameters: [Parameter], learningRate: Float = 3e-4, beta1: Float = 0.9, beta2: Float = 0.999,
        epsilon: Float = 1e-8, maximumGradientNorm: Float? = nil
    ) {
        self.parameters = parameters
        self.learningRate = learningRate
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.maximumGradientNorm = maximumGradientNorm
        firstMoments = parameters.map { Tensor(shape: $0.shape) }
        secondMoments = parameters.map { Tensor(shape: $0.shape) }
    }

    /// Applies one update from the parameters' gradients, then zeroes the gradients.
    public mutating func step() {
        // Two statements: `apply(beginStep(), ...)` would call `apply` on `self` as it was
        // before `beginStep` made the moments unique.
        let step = beginStep()
        apply(step, to: parameters.indices)
    }

    /// What one step applies to every parameter: the step count's bias corrections and the
    /// clipping scale.
    public struct Step: Sendable {
        let scale: Float
        let stepSize: Float
        let inverseRootCorrection2: Float
    }

    /// Starts a step that ``apply(_:to:)`` then applies part by part, possibly on several
    /// threads at once (disjoint ranges): counts the step and, with clipping, measures the
    /// global norm over every parameter's gradient (so all of them must be final). Inside
    /// ``DataParallel/averaging(over:_:)`` the gradients are first replaced by their mean over
    /// the ranks. `step()` is `apply(beginStep(), to: parameters.indices)`.
    public mutating func beginStep() -> Step {
        if let group = DataParallel.current {
            DataParallel.averageGradients(parameters, over: group, fused: &fusedGradients)
        }
        stepCount += 1
        var scale: Float = 1
        if let maximum = maximumGradientNorm {
            var squaredNorm: Double = 0
            for parameter in parameters {
                squaredNorm += parameter.gradient.withUnsafeBufferPointer { Kernels.sumOfSquares($0.baseAddress!, count: $0.count) }
            }
            lastGradientNorm = Float(squaredNorm.squareRoot())
            if lastGradientNorm > maximum, lastGradientNorm > 0 { scale = maximum / lastGradientNorm }
        }
        // Unique storage now, so `apply` only reads and writes through stable pointers.
        for index in parameters.indices {
            parameters[index].value.makeUnique()
            parameters[index].gradient.makeUnique()
            firstMoments[index].makeUnique()
            secondMoments[index].makeUnique()
        }
        let correction1 = 1 - _pow(beta1, Float(stepCount))
        let correction2 = 1 - _pow(beta2, Float(stepCount))
        return Step(scale: scale, stepSize: learningRate / correction1, inverseRootCorrection2: 1 / correction2.squareRoot())
    }

    /// Applies `step` to the parameters at `indices` (into ``parameters``) and zeroes their
    /// gradients. Calls on disjoint ranges may run on different threads at once.
    public func apply(_ step: Step, to indices: Range<Int>) {
        for index in indices {
            let parameter = parameters[index]
            empower_adam_update(
                parameter.value.storage.pointer, parameter.gradient.storage.pointer,
                firstMoments[index].storage.pointer, secondMoments[index].storage.pointer, parameter.value.elementCount,
                step.scale, beta1, beta2, step.stepSize, step.inverseRootCorrection2, epsilon)
        }
    }

    /// The optimizer state as named tensors (for checkpoints): `<prefix>.step`, and
    /// `<prefix>.m.<parameter name>` / `<prefix>.v.<parameter name>` per parameter.
    public func namedState(prefix: String) -> [(name: String, tensor: Tensor)] {
        var result: [(String, Tensor)] = [("\(prefix).step", Tensor([Float(stepCount)]))]
        for (index, parameter) in parameters.enumerated() {
            result.append(("\(prefix).m.\(parameter.name)", firstMoments[index]))
            result.append(("\(prefix).v.\(parameter.name)", secondMoments[index]))
        }
        return result
    }

    /// Restores state written by ``namedState(prefix:)``.
    /// - Throws: ``ParameterFileError`` `.missingTensor` or `.shapeMismatch` naming the tensor.
    public mutating func restore(namedState tensors: [String: Tensor], prefix: String) throws(ParameterFileError) {
        guard let step = tensors["\(prefix).step"], step.elementCount == 1 else {
            throw ParameterFileError(.missingTensor, "optimizer state '\(prefix).step' is missing", context: ["tensor": "\(prefix).step"])
        }
        var first: [Tensor] = []
        var second: [Tensor] = []
        for parameter in parameters {
            for (kind, list) in [("m", 0), ("v", 1)] {
                let name = "\(prefix).\(kind).\(parameter.name)"
                guard let tensor = tensors[name] else {
                    throw ParameterFileError(.missingTensor, "optimizer state '\(name)' is missing", context: ["tensor": name])
                }
                guard tensor.shape == parameter.shape else {
                    throw ParameterFileError(
                        .shapeMismatch, "optimizer state '\(name)' has shape \(tensor.shape), the parameter has \(parameter.shape)",
                        context: ["tensor": name, "expected": parameter.shape.description, "found": tensor.shape.description])
                }
                if list == 0 { first.append(tensor) } else { second.append(tensor) }
            }
        }
        stepCount = Int(step[0])
        firstMoments = first
        secondMoments = second
    }
}

/// Polyak averaging of target networks: target <- (1 - tau) target + tau source, per element.
///
/// ```swift
/// polyakUpdate(target: criticTarget.parameters, source: critic.parameters, tau: 0.005)
/// ```
/// - Precondition: the two lists pair up parameters of equal shapes.
public func polyakUpdate(target: [Parameter], source: [Parameter], tau: Float) {
    precondition(target.count == source.count, "polyakUpdate: \(target.count) target and \(source.count) source parameters")
    for index in target.indices {
        let t = target[index], s = source[index]
        precondition(t.shape == s.shape, "polyakUpdate: \(t.name) \(t.shape) and \(s.name) \(s.shape) differ")
        t.value.makeUnique()
        empower_polyak_update(t.value.storage.pointer, s.value.storage.pointer, t.value.elementCount, tau)
    }
}
