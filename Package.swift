// swift-tools-version:6.0
//
// Empower: unsupervised reinforcement-learning skill discovery in Swift.
// The module graph (see README.md, "Modules"):
//
//   EmpowerBase <- EmpowerNN (+ CBLAS, CKernels) <- EmpowerBenchmarks <- EmpowerCommandLine <- empower
//        ^
//        +------ EmpowerCore <- EmpowerClassic, EmpowerNavigation (Environments/)
//        ^              ^
//        +------ EmpowerTraining (+ EmpowerNN): replay buffer, metrics, checkpoints, runs, configs
//        ^
//        +------ Empower (umbrella: `import Empower` is enough)
import PackageDescription

let package = Package(
    name: "Empower",
    products: [
        .library(name: "Empower", targets: ["Empower"]),
        .executable(name: "empower", targets: ["EmpowerCLI"]),
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

        // MARK: Library modules
        .target(name: "EmpowerBase"),
        .target(name: "EmpowerCore", dependencies: ["EmpowerBase"]),
        .target(
            name: "EmpowerNN",
            dependencies: ["EmpowerBase", "CBLAS", "CKernels"]
        ),
        .target(
            name: "EmpowerTraining",
            dependencies: ["EmpowerBase", "EmpowerNN", "EmpowerCore"],
            exclude: ["README.md"]
        ),
        .target(
            name: "EmpowerBenchmarks",
            dependencies: ["EmpowerBase", "EmpowerNN"]
        ),
        .target(
            name: "Empower",
            dependencies: ["EmpowerBase", "EmpowerNN", "EmpowerCore", "EmpowerClassic", "EmpowerNavigation", "EmpowerTraining"]
        ),

        // MARK: Command line
        // `empower`: a thin main.swift over EmpowerCommandLine, which holds every command.
        .target(
            name: "EmpowerCommandLine",
            dependencies: ["EmpowerBase", "EmpowerBenchmarks"],
            exclude: ["README.md"]
        ),
        .executableTarget(name: "EmpowerCLI", dependencies: ["EmpowerCommandLine"]),

        // MARK: Environments (each depends only on EmpowerCore, + EmpowerPhysics where simulated)
        .target(name: "EmpowerClassic", dependencies: ["EmpowerCore"], path: "Environments/Classic"),
        .target(name: "EmpowerNavigation", dependencies: ["EmpowerCore"], path: "Environments/Navigation"),

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
            dependencies: ["EmpowerCommandLine", "EmpowerTestSupport"]
        ),
        .testTarget(
            name: "EmpowerCoreTests",
            dependencies: ["EmpowerCore", "EmpowerTestSupport"]
        ),
        .testTarget(
            name: "EmpowerTrainingTests",
            dependencies: ["EmpowerTraining", "EmpowerNN", "EmpowerTestSupport"]
        ),
        .testTarget(
            name: "EmpowerEnvironmentsTests",
            dependencies: ["EmpowerClassic", "EmpowerNavigation", "EmpowerCore", "EmpowerTestSupport"]
        ),
    ]
)
