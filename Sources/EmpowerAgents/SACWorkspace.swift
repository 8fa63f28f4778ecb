import EmpowerBase
import EmpowerCritics
import EmpowerNN

/// Work a skill objective does beside a SAC update, so that the two share two threads
/// (``SACLearner/update(_:using:metrics:side:)``). A class, so handing it over allocates nothing.
public protocol SACSideWork: AnyObject {
    /// Rewrites `rewards` (the batch's own rewards on entry) before the targets use them, e.g.
    /// with a skill objective's intrinsic reward. Runs beside the actor's forward passes.
    func relabel(_ rewards: inout Tensor)
    /// Work independent of the learner (the objective's own learning step). Runs beside the
    /// actor's backward pass at the end of the update.
    func learn()
}

/// How a SAC update shares two threads: pairs of independent jobs (each critic's phase on its
/// ``CriticLane``; the actor's passes beside the side work), one after the other on the
/// calling thread or at once on two (a ``WorkerPool``). Each job touches only its own
/// networks, tapes and outputs, so the results are the same bit for bit either way.
///
/// It owns what the jobs read and write (inputs, the actor's tape, the optimizers of the actor
/// and the critics), so refilling them for the next update never copies, and a pair is
/// described by two ``Job`` values run by one closure made at initialization: an update
/// allocates nothing once warm.
final class SACWorkspace: @unchecked Sendable {
    enum Job {
        /// The side work's relabel of ``rewards``.
        case relabel
        /// a' ~ pi(.|s') and a~ ~ pi(.|s) on the actor's tape.
        case actorForwards
        /// Q'_i(s', a') on lane i.
        case target(Int)
        /// Lane i's loss and backward pass.
        case fit(Int)
        /// ``criticStep`` on lane i's critic, then Q_i(s, a~).
        case policy(Int)
        /// Lane i's gradient with respect to a~, then its Polyak step.
        case backPolicy(Int)
        /// The actor's backward pass on ``surrogate`` and its optimizer step.
        case actorBackward
        /// The side work's learning step.
        case learn
    }

    let lanes: [CriticLane]
    let pool: WorkerPool?
    let actor: SquashedGaussianActor
    let tape = Tape()
    let tau: Float
    var actorOptimizer: Adam
    var criticOptimizer: Adam
    var criticStep: Adam.Step?
    var side: (any SACSideWork)?
    var states = Tensor(shape: [1, 1])
    var nextStates = Tensor(shape: [1, 1])
    var actions = Tensor(shape: [1, 1])
    var nextActions = Tensor(shape: [1, 1])
    var policyActions = Tensor(shape: [1, 1])
    var rewards = Tensor(shape: [1])
    var targets = Tensor(shape: [1])
    var targetNoise = Tensor(shape: [1, 1])
    var actorNoise = Tensor(shape: [1, 1])
    /// The gradient of the actor loss with respect to Q1(s, a~) and to Q2(s, a~).
    var firstSeeds = Tensor(shape: [1])
    var secondSeeds = Tensor(shape: [1])
    var actionGradient = Tensor(shape: [1, 1])
    /// The actor's samples of this update: a', log pi(a'|s'), a~, log pi(a~|s).
    var nextSample: (action: Variable, logProbability: Variable)?
    var sample: (action: Variable, logProbability: Variable)?
    /// What the actor's backward pass starts from.
    var surrogate: Variable?
    private var jobs = (Job.relabel, Job.learn)
    /// Runs job 0 or 1 of ``jobs``; made once, so running a pair allocates nothing.
    private var task: ((Int) -> Void)?
    /// How long the worker polls for the next pair before it blocks.
    static let spinSeconds = 1e-3

    init(actor: SquashedGaussianActor, critic: TwinQCritic, actorOptimizer: Adam, criticOptimizer: Adam, tau: Float, threads: Int) {
        self.actor = actor
        lanes = critic.lanes()
        self.actorOptimizer = actorOptimizer
        self.criticOptimizer = criticOptimizer
        self.tau = tau
        // The serial work between two pairs takes tens of microseconds to a few hundred: the
        // worker keeps polling through it rather than sleep and need waking.
        pool = threads > 1 ? WorkerPool(participants: 2, spinSeconds: SACWorkspace.spinSeconds) : nil
        task = { [unowned self] index in self.perform(index == 0 ? self.jobs.0 : self.jobs.1) }
    }

    /// Floating-point operations of the matrix products of the last update.
    var matrixFloatingPointOperations: Int { tape.matrixFloatingPointOperations + lanes.reduce(0) { $0 + $1.matrixFloatingPointOperations } }

    /// Runs `first` and `second`, at once on two threads when there is a pool, and returns when
    /// both are done.
    func run(_ first: Job, _ second: Job) {
        guard let pool, let task, !averagesTwice(first, second) else {
            perform(first)
            perform(second)
            return
        }
        jobs = (first, second)
        pool.run(tasks: 2, task)
    }

    /// Whether both jobs take an optimizer step (the actor's, a side work's) while a
    /// data-parallel group averages every step: two threads must not sum over the ranks at
    /// once, so those jobs run one after the other.
    private func averagesTwice(_ first: Job, _ second: Job) -> Bool {
        guard DataParallel.current != nil, side != nil, case .actorBackward = first, case .learn = second else { return false }
        return true
    }

    private func perform(_ job: Job) {
        switch job {
        case .relabel:
            side?.relabel(&rewards)
        case .actorForwards:
            nextSample = actor.distribution(tape.constant(nextStates), trainable: false).sample(noise: tape.constant(targetNoise))
            sample = actor.distribution(tape.constant(states)).sample(noise: tape.constant(actorNoise))
        case .target(let index):
            lanes[index].evaluateTarget(states: nextStates, actions: nextActions)
        case .fit(let index):
            lanes[index].fit(states: states, actions: actions, targets: targets)
        case .policy(let index):
            if let criticStep { criticOptimizer.apply(criticStep, to: lanes[index].parameterRange) }
            lanes[index].evaluatePolicy(states: states, actions: policyActions)
        case .backPolicy(let index):
            lanes[index].backPolicy(seeds: index == 0 ? firstSeeds : secondSeeds)
            lanes[index].updateTarget(tau: tau)
        case .actorBackward:
            if let surrogate { tape.backward(surrogate) }
            actorOptimizer.step()
        case .learn:
            side?.learn()
        }
    }

    /// The mean of a tensor's elements, in double precision.
    static func mean(_ tensor: Tensor) -> Double {
        tensor.withUnsafeBufferPointer { values in
            values.isEmpty ? 0 : values.reduce(0.0) { $0 + Double($1) } / Double(values.count)
        }
    }
}
