import Foundation
import Perk

/// `perk test PATH…`: runs the tests program managers keep beside their programs.
enum TestCommand {
    static let usage = "usage: perk test PATH…   (a FILE.perktest, or a folder holding some)"

    static func run(_ arguments: [String], _ console: Console) -> ExitCode {
        guard let (_, arguments) = splitArguments(arguments, options: [], usage: usage, console) else { return .usage }
        guard !arguments.isEmpty else {
            console.err("error: no test file or folder given\n\(usage)")
            return .usage
        }
        var files: [String] = []
        for path in arguments {
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue {
                let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
                files += names.filter { $0.hasSuffix(".perktest") }.sorted().map { (path as NSString).appendingPathComponent($0) }
            } else {
                files.append(path)
            }
        }
        var result = ExitCode.ok
        var passed = 0, failed = 0
        for file in files {
            let programPath = String(file.dropLast(file.hasSuffix(".perktest") ? ".perktest".count : 0)) + ".perk"
            let text: String
            switch readText(file) {
            case .success(let contents): text = contents
            case .failure(let problem):
                console.err(problem.message)
                result = .unreadable
                continue
            }
            let tests: TestFile
            do {
                tests = try TestFile(name: file, text: text)
            } catch {
                console.err("error: \(error)")
                if result == .ok { result = .programErrors }
                continue
            }
            let program: Program
            switch loadProgram(programPath, console) {
            case .success(let compiled): program = compiled
            case .failure(let code):
                if result == .ok { result = code }
                continue
            }
            console.out("\(file) (\(programPath))")
            let run = TestRun(tests, program: program)
            for test in run.results {
                console.out("  \(test.passed ? "ok  " : "FAIL") \(test.name)")
                guard !test.passed else { continue }
                for failure in test.failures {
                    for line in failure.split(separator: "\n") { console.out("       \(line)") }
                }
                for line in test.explanation.split(separator: "\n", omittingEmptySubsequences: false) {
                    console.out("       | \(line)")
                }
            }
            passed += run.passed
            failed += run.failed
            if run.failed > 0, result == .ok { result = .programErrors }
        }
        console.out("\(passed) passed, \(failed) failed")
        return result
    }
}
