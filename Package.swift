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
        .target(name: "PerkCommands", dependencies: ["Perk", "PerkLedger"]),
        .executableTarget(name: "PerkCLI", dependencies: ["PerkCommands"]),
        .executableTarget(name: "PerkBench", dependencies: ["Perk"]),
        .testTarget(
            name: "PerkTests",
            dependencies: ["Perk", "PerkLedger", "PerkCommands", "PerkCLI", "PerkBench"],
            exclude: ["Golden", "Fixtures"]
        ),
    ],
    swiftLanguageModes: [.v6]
)

// The fuzz targets: executables whose `main` is libFuzzer's, so they link only when built
// with `--sanitize=fuzzer`. `scripts/fuzz.sh` sets PERK_FUZZ; other builds never see them.
if Context.environment["PERK_FUZZ"] != nil {
    package.targets += [
        .target(name: "FuzzSupport", dependencies: ["Perk"]),
        .executableTarget(name: "FuzzProgram", dependencies: ["Perk", "FuzzSupport"]),
        .executableTarget(name: "FuzzRequest", dependencies: ["Perk", "FuzzSupport"]),
        .executableTarget(name: "FuzzRepl", dependencies: ["PerkCommands", "FuzzSupport"]),
        .executableTarget(name: "FuzzJournal", dependencies: ["Perk", "PerkLedger", "FuzzSupport"]),
        .executableTarget(name: "FuzzTestFile", dependencies: ["Perk", "FuzzSupport"]),
    ]
}
