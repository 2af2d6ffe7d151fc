import Foundation
import PerkCommands

// `perk`: everything it does is in PerkCommands, where the tests and fuzzers reach it too.
exit(PerkCommandLine.run(Array(CommandLine.arguments.dropFirst())))
