import EmpowerBase
import EmpowerNN
import Testing

/// The code examples of EmpowerNN's doc comments, run as written.
///
/// Each test body between `// Example:` and `// End of example.` is the doc comment's code,
/// line for line: change one, change the other.
@Suite("Documentation examples of EmpowerNN")
struct DocumentationExampleTests {
    @Test("Tape: the training loop fits y = x^2 (the loss falls by 10x in 200 steps)")
    func tapeTrainingLoop() throws {
        // Example: the doc comment of `Tape` (Sources/EmpowerNN/Tape.swift).
        var rng = Xoshiro256(seed: 0)
        let network = MLP(name: "fit", sizes: [1, 32, 1], activation: .tanh, using: &rng)
        var optimizer = Adam(parameters: network.parameters, learningRate: 1e-2)
        let xs = (0..<64).map { Float($0) / 32 - 1 }
        let batch = try Tensor(shape: [64, 1], scalars: xs)
        let targets = try Tensor(shape: [64, 1], scalars: xs.map { $0 * $0 })
        let tape = Tape()
        var losses: [Float] = []
        for _ in 0..<200 {
            tape.reset()                                  // reuse every buffer of the last step
            let x = tape.constant(batch)                  // [64, 1]
            let prediction = network(x)                   // [64, 1]
            let loss = (prediction - tape.constant(targets)).square().mean()
            tape.backward(loss)                           // parameter gradients now hold dloss/dp
            optimizer.step()                              // updates, then zeroes the gradients
            losses.append(tape.scalar(loss))
        }
        // End of example.

        #expect(losses.count == 200)
        let first = try #require(losses.first), last = try #require(losses.last)
        #expect(first.isFinite && last.isFinite)
        #expect(last < 0.1 * first, "loss \(first) -> \(last)")
        #expect(optimizer.stepCount == 200)
    }

    @Test("MLP: a 78 -> 256 -> 256 -> 1 critic maps a batch of 32 to [32, 1]")
    func multilayerPerceptron() {
        // Example: the doc comment of `MLP` (Sources/EmpowerNN/MLP.swift).
        var rng = Xoshiro256(seed: 0)
        // 78 -> 256 -> 256 -> 1, ReLU hidden layers: a SAC critic.
        let critic = MLP(name: "critic", sizes: [78, 256, 256, 1], activation: .relu, using: &rng)
        let batch = Tensor(shape: [32, 78])
        let tape = Tape()
        let q = critic(tape.constant(batch))       // [32, 1]
        // End of example.

        #expect(q.shape == [32, 1])
        #expect(critic.parameters.count == 6)
        #expect(critic.parameterCount == 78 * 256 + 256 + 256 * 256 + 256 + 256 + 1)
    }

    @Test("Linear: a 78 -> 256 layer maps a batch of 32 to [32, 256]")
    func linearLayer() {
        // Example: the doc comment of `Linear` (Sources/EmpowerNN/Linear.swift).
        var rng = Xoshiro256(seed: 0)
        let layer = Linear(name: "critic.0", inputs: 78, outputs: 256, activation: .relu, using: &rng)
        let batch = Tensor(shape: [32, 78])
        let tape = Tape()
        let y = layer(tape.constant(batch))        // [32, 256]
        // End of example.

        #expect(y.shape == [32, 256])
        #expect(layer.weight.name == "critic.0.weight" && layer.bias.name == "critic.0.bias")
    }
}
