// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Perk",
    products: [
        .library(name: "Perk", targets: ["Perk"]),
        .executable(name: "perk", targets: ["PerkCLI"]),
    ],
    dependencies: [],
    targets: [
        .target(name: "Perk"),
        .executableTarget(name: "PerkCLI", dependencies: ["Perk"]),
        .testTarget(
            name: "PerkTests",
            dependencies: ["Perk", "PerkCLI"],
            exclude: ["Golden", "Fixtures"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
