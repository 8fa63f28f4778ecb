// swift-tools-version:6.0
//
// Empower: unsupervised reinforcement-learning skill discovery in Swift.
// The module graph (README.md, "Modules"):
//
//   EmpowerBase  (seeded RNG, errors, files, Frame)
//     <- EmpowerNN (+ CBLAS, CKernels)  <- EmpowerCritics <- EmpowerAgents <- EmpowerSkills (+ EmpowerCore)
//     <- EmpowerCore (environment API)  <- EmpowerClassic, EmpowerNavigation, EmpowerMultiAgent, EmpowerPython
//                                          (Environments/)  <- EmpowerEnvironments (the built-in catalog)
//                                                           <- EmpowerC (libEmpowerC.so, for python/)
//     <- EmpowerPhysics (+ CBox2D, a C++ shim over Box2D 2.4.1) --+
//     <- EmpowerRender (+ CCairo, CGIF) --------------------------+-- EmpowerPhysicsRendering
//   EmpowerSkills + EmpowerRender <- EmpowerTraining (the collector, the run state, checkpoint parts, replay
//                    and rollout buffers, the training loop and one trainer file per algorithm family,
//                    configuration, metrics files and TensorBoard event files, the trajectory picture)
//                 <- EmpowerPlanning (skill outcome models, skill search, planners, downstream tasks)
//   EmpowerCore + EmpowerPhysics + EmpowerPhysicsRendering <- EmpowerManipulation (Environments/)
//   EmpowerBenchmarks <- EmpowerCommandLine <- empower (executable)
//   Empower: the umbrella, `import Empower` is enough
import PackageDescription

let package = Package(
    name: "Empower",
    products: [
        .library(name: "Empower", targets: ["Empower"]),
        // The whole command line as a library: a package with its own environments builds its
        // own `empower` from it (EmpowerProgram.main(registering:), Examples/CustomEnvironment).
        .library(name: "EmpowerCommandLine", targets: ["EmpowerCommandLine"]),
        .executable(name: "empower", targets: ["EmpowerCLI"]),
        // Empower's environments behind a C interface, for other languages: the Python package
        // in python/ loads libEmpowerC.so (`swift build -c release --product EmpowerC`).
        .library(name: "EmpowerC", type: .dynamic, targets: ["EmpowerC"]),
    ],
    targets: [
        // MARK: Native libraries
        .systemLibrary(
            name: "CBLAS",
            path: "Sources/CBLAS",
            pkgConfig: "openblas",
            providers: [.apt(["libopenblas-dev"])]
        ),
        .target(
            name: "CKernels",
            cSettings: [.unsafeFlags(["-O3", "-fno-math-errno"])]
        ),
        // Box2D 2.4 behind a plain C header (no C++ interop in Swift: a C++ shim in the target exposes C functions).
        .target(
            name: "CBox2D",
            linkerSettings: [.linkedLibrary("box2d")]
        ),
        .systemLibrary(
            name: "CCairo",
            path: "Sources/CCairo",
            pkgConfig: "cairo",
            providers: [.apt(["libcairo2-dev"])]
        ),
        // Open MPI (Debian's libopenmpi-dev) for runs across processes and machines; CMPIShim
        // wraps the calls Empower makes, since MPI_COMM_WORLD is a macro Swift cannot import.
        .systemLibrary(
            name: "CMPI",
            path: "Sources/CMPI",
            pkgConfig: "ompi-c",
            providers: [.apt(["libopenmpi-dev"])]
        ),
        .target(name: "CMPIShim", dependencies: ["CMPI"]),
        .systemLibrary(
            name: "CGIF",
            path: "Sources/CGIF",
            providers: [.apt(["libgif-dev"])]
        ),

        // MARK: Library modules
        .target(name: "EmpowerBase"),
        .target(name: "EmpowerMPI", dependencies: ["CMPIShim", "EmpowerBase"]),
        .target(name: "EmpowerCore", dependencies: ["EmpowerBase"]),
        .target(
            name: "EmpowerNN",
            dependencies: ["EmpowerBase", "CBLAS", "CKernels"]
        ),
        .target(
            name: "EmpowerCritics",
            dependencies: ["EmpowerBase", "EmpowerNN"]
        ),
        .target(
            name: "EmpowerAgents",
            dependencies: ["EmpowerBase", "EmpowerNN", "EmpowerCritics"]
        ),
        .target(
            name: "EmpowerSkills",
            dependencies: ["EmpowerBase", "EmpowerNN", "EmpowerCore", "EmpowerAgents"],
            exclude: ["README.md", "SLIM/README.md", "MASD/README.md"]
        ),
        .target(
            name: "EmpowerTraining",
            dependencies: ["EmpowerBase", "EmpowerNN", "EmpowerCore", "EmpowerAgents", "EmpowerSkills", "EmpowerRender"],
            exclude: ["README.md"]
        ),
        .target(
            name: "EmpowerPlanning",
            dependencies: ["EmpowerBase", "EmpowerNN", "EmpowerCore", "EmpowerSkills", "EmpowerTraining"],
            exclude: ["README.md"]
        ),
        .target(name: "EmpowerPhysics", dependencies: ["CBox2D", "EmpowerBase"]),
        .target(name: "EmpowerRender", dependencies: ["CCairo", "CGIF", "EmpowerBase"]),
        .target(name: "EmpowerPhysicsRendering", dependencies: ["EmpowerPhysics", "EmpowerRender"]),
        .target(
            name: "EmpowerBenchmarks",
            dependencies: ["EmpowerBase", "EmpowerNN", "EmpowerCore", "EmpowerAgents", "EmpowerSkills", "EmpowerTraining"]
        ),
        // Every built-in environment in one catalog; a new environment module adds one line here
        // and one `register(in:)` call in BuiltInEnvironments.
        .target(
            name: "EmpowerEnvironments",
            dependencies: ["EmpowerCore", "EmpowerClassic", "EmpowerNavigation", "EmpowerMultiAgent", "EmpowerManipulation", "EmpowerPython"]
        ),
        .target(
            name: "Empower",
            dependencies: [
                "EmpowerBase", "EmpowerNN", "EmpowerCore", "EmpowerCritics", "EmpowerAgents", "EmpowerSkills",
                "EmpowerClassic", "EmpowerNavigation", "EmpowerMultiAgent", "EmpowerManipulation", "EmpowerEnvironments", "EmpowerTraining",
                "EmpowerPlanning",
            ]
        ),

        // MARK: Environments (each depends only on EmpowerCore, + EmpowerPhysics where simulated)
        .target(name: "EmpowerClassic", dependencies: ["EmpowerCore", "EmpowerRender"], path: "Environments/Classic"),
        .target(
            name: "EmpowerNavigation",
            dependencies: ["EmpowerCore", "EmpowerRender", "EmpowerPhysics", "EmpowerPhysicsRendering"],
            path: "Environments/Navigation"
        ),
        .target(
            name: "EmpowerMultiAgent",
            dependencies: ["EmpowerCore", "EmpowerPhysics", "EmpowerRender", "EmpowerPhysicsRendering"],
            path: "Environments/MultiAgent"
        ),
        .target(name: "EmpowerPython", dependencies: ["EmpowerBase", "EmpowerCore"], path: "Environments/Python"),
        .target(
            name: "EmpowerManipulation",
            dependencies: ["EmpowerCore", "EmpowerPhysics", "EmpowerRender", "EmpowerPhysicsRendering"],
            path: "Environments/Manipulation"
        ),

        // MARK: Command line
        // `empower`: a thin main.swift over EmpowerCommandLine, which holds every command.
        .target(
            name: "EmpowerCommandLine",
            dependencies: [
                "EmpowerBase", "EmpowerCore", "EmpowerBenchmarks", "EmpowerEnvironments", "EmpowerRender", "EmpowerTraining", "EmpowerSkills",
                "EmpowerPlanning", "EmpowerPython", "EmpowerMPI",
            ],
            exclude: ["README.md"]
        ),
        .executableTarget(name: "EmpowerCLI", dependencies: ["EmpowerCommandLine"]),
        .target(name: "EmpowerC", dependencies: ["EmpowerBase", "EmpowerCore", "EmpowerEnvironments"]),

        // MARK: Examples (one readable main.swift each, plus a README; only `import Empower`).
        // Examples/CustomEnvironment is a package of its own that depends on this one by path.
        .executableTarget(name: "TrainDIAYN", dependencies: ["Empower"], path: "Examples/TrainDIAYN", exclude: ["README.md"]),
        .executableTarget(name: "PlanWithSkills", dependencies: ["Empower"], path: "Examples/PlanWithSkills", exclude: ["README.md"]),
        .executableTarget(name: "TrainSLIM", dependencies: ["Empower"], path: "Examples/TrainSLIM", exclude: ["README.md"]),
        .executableTarget(name: "EvaluateSkills", dependencies: ["Empower"], path: "Examples/EvaluateSkills", exclude: ["README.md"]),
        .executableTarget(name: "TrainMASD", dependencies: ["Empower"], path: "Examples/TrainMASD", exclude: ["README.md"]),

        // MARK: Tests
        .target(
            name: "CAllocationCounter",
            path: "Tests/Support/CAllocationCounter"
        ),
        .target(
            name: "EmpowerTestSupport",
            dependencies: ["CAllocationCounter", "EmpowerBase"],
            path: "Tests/Support/EmpowerTestSupport"
        ),
        .testTarget(
            name: "EmpowerBaseTests",
            dependencies: ["EmpowerBase", "EmpowerTestSupport"]
        ),
        .testTarget(
            name: "EmpowerNNTests",
            dependencies: ["EmpowerNN", "EmpowerTestSupport"]
        ),
        .testTarget(
            name: "EmpowerBenchmarksTests",
            dependencies: ["EmpowerBenchmarks", "EmpowerTestSupport"]
        ),
        .testTarget(
            name: "EmpowerCommandLineTests",
            dependencies: ["EmpowerCommandLine", "EmpowerEnvironments", "EmpowerRender", "EmpowerSkills", "EmpowerTraining", "EmpowerTestSupport"]
        ),
        .testTarget(
            name: "EmpowerAgentsTests",
            dependencies: ["EmpowerAgents", "EmpowerCritics", "EmpowerTestSupport"]
        ),
        .testTarget(
            name: "EmpowerSkillsTests",
            dependencies: ["EmpowerSkills", "EmpowerPlanning", "EmpowerAgents", "EmpowerCore", "EmpowerManipulation", "EmpowerTestSupport"]
        ),
        .testTarget(
            name: "EmpowerTrainingTests",
            dependencies: [
                "EmpowerTraining", "EmpowerPlanning", "EmpowerNN", "EmpowerAgents", "EmpowerSkills", "EmpowerClassic", "EmpowerNavigation",
                "EmpowerManipulation", "EmpowerMultiAgent", "EmpowerTestSupport",
            ]
        ),
        .testTarget(
            name: "EmpowerCoreTests",
            dependencies: ["EmpowerCore", "EmpowerTestSupport"]
        ),
        .testTarget(
            name: "EmpowerEnvironmentsTests",
            dependencies: [
                "EmpowerClassic", "EmpowerNavigation", "EmpowerMultiAgent", "EmpowerManipulation", "EmpowerEnvironments",
                "EmpowerCore", "EmpowerPhysics", "EmpowerTestSupport",
            ]
        ),
        .testTarget(
            name: "EmpowerPhysicsTests",
            dependencies: ["EmpowerPhysics", "EmpowerTestSupport"]
        ),
        .testTarget(
            name: "EmpowerManipulationTests",
            dependencies: [
                "EmpowerManipulation", "EmpowerCore", "EmpowerPhysics", "EmpowerRender", "EmpowerPhysicsRendering",
                "EmpowerTestSupport",
            ]
        ),
        .testTarget(
            name: "EmpowerRenderTests",
            dependencies: ["EmpowerRender", "EmpowerPhysicsRendering", "CCairo", "CGIF", "EmpowerTestSupport"]
        ),
    ],
    cxxLanguageStandard: .cxx17
)
