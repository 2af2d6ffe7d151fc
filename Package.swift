// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Perk",
    products: [
        .library(name: "Perk", targets: ["Perk"]),
        .library(name: "PerkLedger", targets: ["PerkLedger"]),
        .executable(name: "perk", targets: ["PerkCLI"]),
    ],
    dependencies: [],
    targets: [
        .target(name: "Perk"),
        .target(name: "PerkLedger", dependencies: ["Perk"]),
        .executableTarget(name: "PerkCLI", dependencies: ["Perk", "PerkLedger"]),
        .executableTarget(name: "PerkBench", dependencies: ["Perk"]),
        .testTarget(
            name: "PerkTests",
            dependencies: ["Perk", "PerkLedger", "PerkCLI", "PerkBench"],
            exclude: ["Golden", "Fixtures"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
