// swift-tools-version:6.0
//
// A package of its own that depends on Empower by path, as a user's package does:
//   DroneEnvironment   one environment, Drone2D-v0, and how it registers in a catalog;
//   CustomEnvironment  the walkthrough: check it, register it, train DIAYN on it through the API;
//   drone-empower      this package's own `empower`: every command, with Drone2D-v0 added.
import PackageDescription

let package = Package(
    name: "CustomEnvironment",
    products: [
        .executable(name: "drone-empower", targets: ["drone-empower"]),
    ],
    dependencies: [
        .package(name: "Empower", path: "../.."),
    ],
    targets: [
        .target(name: "DroneEnvironment", dependencies: [.product(name: "Empower", package: "Empower")]),
        .executableTarget(name: "CustomEnvironment", dependencies: ["DroneEnvironment", .product(name: "Empower", package: "Empower")]),
        .executableTarget(
            name: "drone-empower",
            dependencies: ["DroneEnvironment", .product(name: "EmpowerCommandLine", package: "Empower")]
        ),
    ]
)
