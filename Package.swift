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
    ]
)
