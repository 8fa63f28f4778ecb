// swift-tools-version:6.0
//
// Empower: unsupervised reinforcement-learning skill discovery in Swift.
// The module graph (see README.md, "Modules"):
//
//   EmpowerBase  <-  EmpowerNN (+ CBLAS)  <-  EmpowerCommandLine  <-  empower (executable)
//        ^
//        +-------  Empower (umbrella: `import Empower` is enough)
//        +-------  EmpowerPhysics (+ CBox2D, a C++ shim over Box2D 2.4.1)  --+
//        +-------  EmpowerRender (+ CCairo, CGIF)  ------------------------+-- EmpowerPhysicsRendering
import PackageDescription

let package = Package(
    name: "Empower",
    products: [
        .library(name: "EmpowerBase", targets: ["EmpowerBase"]),
        .library(name: "EmpowerPhysics", targets: ["EmpowerPhysics"]),
        .library(name: "EmpowerRender", targets: ["EmpowerRender"]),
        .library(name: "EmpowerPhysicsRendering", targets: ["EmpowerPhysicsRendering"]),
    ],
    targets: [
        // MARK: Native libraries
        .systemLibrary(
            name: "CBLAS",
            path: "Sources/CBLAS",
            pkgConfig: "openblas",
            providers: [.apt(["libopenblas-dev"])]
        ),
        // Box2D 2.4 behind a plain C header (no C++ interop in Swift; see NATIVE.md).
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
        .systemLibrary(
            name: "CGIF",
            path: "Sources/CGIF",
            providers: [.apt(["libgif-dev"])]
        ),

        // MARK: Library modules
        .target(name: "EmpowerBase"),
        .target(name: "EmpowerPhysics", dependencies: ["CBox2D", "EmpowerBase"]),
        .target(name: "EmpowerRender", dependencies: ["CCairo", "CGIF", "EmpowerBase"]),
        .target(name: "EmpowerPhysicsRendering", dependencies: ["EmpowerPhysics", "EmpowerRender"]),

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
            name: "EmpowerPhysicsTests",
            dependencies: ["EmpowerPhysics", "EmpowerTestSupport"]
        ),
        .testTarget(
            name: "EmpowerRenderTests",
            dependencies: ["EmpowerRender", "EmpowerPhysicsRendering", "CCairo", "CGIF", "EmpowerTestSupport"]
        ),
    ],
    cxxLanguageStandard: .cxx17
)
