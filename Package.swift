// swift-tools-version:6.0
//
// Empower: unsupervised reinforcement-learning skill discovery in Swift.
// The module graph (see README.md, "Modules"):
//
//   EmpowerBase  <-  EmpowerNN (+ CBLAS)  <-  EmpowerCommandLine  <-  empower (executable)
//        ^
//        +-------  EmpowerCore  <-  EmpowerClassic, EmpowerNavigation (Environments/)
//        ^
//        +-------  Empower (umbrella: `import Empower` is enough)
import PackageDescription

let package = Package(
    name: "Empower",
    products: [
        .library(name: "EmpowerBase", targets: ["EmpowerBase"]),
        .library(name: "EmpowerCore", targets: ["EmpowerCore"]),
        .library(name: "EmpowerClassic", targets: ["EmpowerClassic"]),
        .library(name: "EmpowerNavigation", targets: ["EmpowerNavigation"]),
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
        .target(name: "EmpowerCore", dependencies: ["EmpowerBase"]),

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
            name: "EmpowerCoreTests",
            dependencies: ["EmpowerCore", "EmpowerTestSupport"]
        ),
        .testTarget(
            name: "EmpowerEnvironmentsTests",
            dependencies: ["EmpowerClassic", "EmpowerNavigation", "EmpowerCore", "EmpowerTestSupport"]
        ),
    ]
)
