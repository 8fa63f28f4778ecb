// swift-tools-version:6.0
//
// Empower: unsupervised reinforcement-learning skill discovery in Swift.
// The module graph (see README.md, "Modules"):
//
//   EmpowerBase  <-  EmpowerNN (+ CBLAS)  <-  EmpowerCommandLine  <-  empower (executable)
//        ^
//        +-------  Empower (umbrella: `import Empower` is enough)
import PackageDescription

let package = Package(
    name: "Empower",
    products: [
        .library(name: "EmpowerBase", targets: ["EmpowerBase"]),
        .library(name: "EmpowerCommandLine", targets: ["EmpowerCommandLine"]),
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

        // MARK: Library modules
        .target(name: "EmpowerBase"),
        .target(name: "EmpowerCommandLine", dependencies: ["EmpowerBase"], exclude: ["README.md"]),

        // MARK: Executables
        // `empower`: a thin main.swift over EmpowerCommandLine, which holds every command.
        .executableTarget(name: "EmpowerCLI", dependencies: ["EmpowerCommandLine"]),

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
            name: "EmpowerCommandLineTests",
            dependencies: ["EmpowerCommandLine", "EmpowerTestSupport"]
        ),
    ]
)
