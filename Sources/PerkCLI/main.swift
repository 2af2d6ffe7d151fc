import Foundation
import PerkCommands

// `perk`: everything it does is in PerkCommands, where the tests and fuzzers reach it too.
// A journal write beyond the file-size limit (`ulimit -f`) fails with EFBIG and is reported
// like a full disk, instead of the signal killing perk silently.
signal(SIGXFSZ, SIG_IGN)
exit(PerkCommandLine.run(Array(CommandLine.arguments.dropFirst())))
