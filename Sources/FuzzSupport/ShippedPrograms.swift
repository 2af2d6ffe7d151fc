import Foundation
import Perk

/// The shipped programs that the fuzz targets run their inputs against, read from
/// `programs/`: the targets run from the package root, where `scripts/fuzz.sh` starts them.
/// A program that does not compile stops the target at once, before any input is tried.
public enum ShippedPrograms {
    /// Every `programs/*.perk`, in the order of their names.
    public static func all() -> [Program] {
        let files = ((try? FileManager.default.contentsOfDirectory(atPath: "programs")) ?? []).filter { $0.hasSuffix(".perk") }
        guard !files.isEmpty else { fatalError("run from the package root: programs/*.perk not found") }
        return files.sorted().map { named("programs/\($0)") }
    }

    /// The program at `path`, from the package root: `programs/kenzup.perk`.
    public static func named(_ path: String) -> Program {
        guard let data = FileManager.default.contents(atPath: path), let program = try? Program(bytes: [UInt8](data), name: path) else {
            fatalError("run from the package root: \(path) must compile")
        }
        return program
    }
}
