import EmpowerBase
import EmpowerCore
import EmpowerRender
import EmpowerSkills
import EmpowerTraining

/// `skill-NN.gif` (one per skill) and `skills.gif` (every skill in a grid, skill 0 top left,
/// row by row): the rendered deterministic rollout of each skill, from the same environment seed
/// as its first evaluation episode.
///
/// Kept small: frames are halved (a quarter in the grid, an eighth beyond 25 skills) by block
/// averaging, and at most ``maximumFrames`` frames are kept, evenly spaced, the last frame always
/// included. A skill's frames are written and dropped before the next skill is rolled out, so
/// memory holds one episode at full size at a time.
enum SkillAnimations {
    static let maximumFrames = 60

    /// Rolls out every skill with frames and writes the GIFs; returns their paths, or none when
    /// the environment cannot render.
    static func write(_ trainer: any SkillRollouts, seed: UInt64, into directory: String, progress: (_ text: String, _ isLast: Bool) -> Void) throws -> [String] {
        var generator = Xoshiro256(seed: Seed.derive(seed, stream: "animation-policy"))
        var thumbnails: [[Frame]] = []
        var paths: [String] = []
        let gridFactor = trainer.skillCount > 25 ? 8 : 4
        for skill in 0..<trainer.skillCount {
            progress("rendering skill \(skill + 1)/\(trainer.skillCount)", skill + 1 == trainer.skillCount)
            let episode: SkillEpisode
            do {
                episode = try trainer.rolloutSkill(
                    skill, seed: Seed.derive(seed, stream: "evaluation", index: UInt64(skill * 100_000)),
                    stochastic: false, recordFrames: true, using: &generator)
            } catch let error as EnvironmentError where error.code == .unsupported {
                progress("no animations: \(error.message)", true)
                return []
            }
            let frames = sampled(episode.frames)
            guard !frames.isEmpty else { return paths }
            let path = "\(directory)/skill-\(skill < 10 ? "0" : "")\(skill).gif"
            try GIFWriter.write(frames.map { $0.downscaled(by: 2) }, to: path, frameDelay: 0.08)
            paths.append(path)
            thumbnails.append(frames.map { $0.downscaled(by: gridFactor) })
        }
        guard let longest = thumbnails.map(\.count).max(), longest > 0 else { return paths }
        let columns = Int(Double(thumbnails.count).squareRoot().rounded(.up))
        var grid: [Frame] = []
        for index in 0..<longest {
            grid.append(try Frame.grid(thumbnails.map { $0[min(index, $0.count - 1)] }, columns: columns))
        }
        let path = "\(directory)/skills.gif"
        try GIFWriter.write(grid, to: path, frameDelay: 0.08)
        paths.append(path)
        return paths
    }

    /// At most ``maximumFrames`` frames, evenly spaced, first and last included.
    static func sampled(_ frames: [Frame]) -> [Frame] {
        guard frames.count > maximumFrames else { return frames }
        return (0..<maximumFrames).map { frames[$0 * (frames.count - 1) / (maximumFrames - 1)] }
    }
}
