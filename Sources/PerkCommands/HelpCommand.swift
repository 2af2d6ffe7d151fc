import Perk

/// `perk help [SUBCOMMAND]` and `perk --help`.
enum HelpCommand {
    static let overview = """
    perk — the Perk loyalty rules engine

    usage: perk SUBCOMMAND [OPTIONS] ARGUMENTS

    subcommands:
      check    check program files and report every error
      eval     evaluate a request against a program
      explain  evaluate a request and explain every number
      diff     replay requests through two versions of a program: what changes, what it costs
      fmt      lay program files out in the canonical way
      test     run the tests kept beside programs (FILE.perktest)
      repl     build baskets and evaluate them against a program, line by line
      ledger   remember sales and balances in a journal: scans, refunds, statements
      help     describe a subcommand

    exit codes:
      0  success
      1  a program file has errors
      2  the command line is wrong
      3  a file could not be read
      4  the request is invalid or could not be evaluated
      5  the ledger refused the operation
      6  the ledger's journal could not be read or written, or is damaged

    colors are used only on a terminal, never when NO_COLOR is set.
    run `perk help SUBCOMMAND` for its options.
    """

    static let pages: [String: String] = [
        "check": """
        \(CheckCommand.usage)

        Parses and checks each program file and prints every error and warning with its
        file:line:column, the source line and a caret. Prints `FILE: ok` for a clean file.

        options:
          --short   one line per diagnostic: file:line:col: error[CODE]: message

        exit codes: 0 all files are free of errors (warnings allowed), 1 a file has errors,
        2 wrong command line, 3 a file could not be read.
        """,
        "eval": """
        \(EvalCommand.usage)

        Compiles PROGRAM, reads the request (JSON, see docs/requests.md; `-` reads standard
        input) and prints the outcome as JSON on standard output. Errors go to standard error.

        options:
          --explain   print the outcome and its trace for people instead of JSON
          --compact   print the JSON on one line
          --no-trace  leave the trace out of the JSON (and do not compute it: faster)
          --batch     REQUESTS holds one JSON request per line (blank lines skipped);
                      print one compact outcome per line, in order. A line that cannot be
                      evaluated prints {"error": MESSAGE, "line": N} in its place and
                      FILE:N: error: MESSAGE on standard error, and the batch goes on.
                      An order id seen twice in one batch is such an error.

        exit codes: 0 the outcome was printed (a declined payment is an outcome too),
        1 the program has errors, 2 wrong command line, 3 a file could not be read,
        4 the request is invalid or could not be evaluated (with --batch: one was not).
        """,
        "explain": """
        \(ExplainCommand.usage)

        The same as `perk eval --explain`: the outcome's numbers; the rules table, one row per
        rule in program order (applied or not, the points or money it gave or the rule it
        modifies, its cap and what the cap cut, and why: how the amount was computed, or
        the first condition that failed with the value seen); then each basket line with
        the list that decided whether it counted, and the steps of the statements, rounding
        steps with the exact value before rounding. On a terminal the reasons wrap to its
        width and whether a rule applied is in color; NO_COLOR or a pipe give plain text.

        exit codes: as `perk eval`.
        """,
        "diff": """
        \(DiffCommand.usage)

        Evaluates every request of REQUESTS.jsonl (one JSON request per line) with OLD and with
        NEW, lists the requests whose numbers differ (the first \(DiffCommand.shown); `--all` for
        every one) with old → new, then the totals: requests read, requests affected, points
        issued, bonus issued and value given away (cashback, offer cashback and discounts) under
        each version, and the change. A request that one version refuses and the other accepts
        counts as affected. Then, by rule (every rule of either version), in how many requests
        it applied and what it gave under each version, and the change; the ten requests whose
        earnings changed most; and how many requests changed by how much (points when both
        versions give points, bonus when both give bonus, else the value given away).
        `--json` writes all of it as one JSON object, for a host's own dashboards.
        `--report FILE.html` also writes it as one page to look at: the rules' costs, a
        histogram of the changes, what both versions earn day by day (in the new program's
        time zone; requests without a time apart), and the two programs side by side with
        the changed lines marked; no script, nothing fetched, readable printed. A line that
        is no request (not JSON, or a field neither version can read) is skipped and named on
        standard error, FILE:N: error: MESSAGE; the other lines are still replayed.

        exit codes: 0 the comparison was printed, 1 a program has errors, 2 wrong command line
        or programs in different currencies, 3 a file could not be read (or the report
        written), 4 the comparison was printed but some lines were skipped.
        """,
        "fmt": """
        \(FmtCommand.usage)

        Rewrites each program file in the one canonical layout: one statement per line, two
        spaces per block level, single spaces between words, `5%` written together, at most one
        blank line in a row and none at the start or end of a block; comments stay where they
        are. Formatting is idempotent and never changes what a program means. Prints
        `formatted FILE` for each file it changed. A file with syntax errors is not touched:
        its errors are printed, as `perk check` prints them. A file whose only errors are in
        what it says (an unknown currency, a rate out of range) parses, so it is formatted;
        `perk check` still reports those errors.

        options:
          --check   change nothing; list the files that are not formatted

        exit codes: 0 done (with --check: every file is formatted), 1 a file has syntax
        errors or (with --check) is not formatted, 2 wrong command line, 3 a file could not
        be read or written.
        """,
        "test": """
        \(TestCommand.usage)

        Runs each test file against the program of the same name (`kenzup.perktest` tests
        `kenzup.perk`). A test is a name, a request and what is expected of the outcome:

          test "earn 12.45 MAD"
          request {"amount": 12.45, "time": "2020-02-12T19:20:30+01:00"}
          expect points_earned 62
          expect balances_after.points 1300
          expect error cashback_override_reason
          expect rule "December campaign" not applied: "outside 2026-12-01..2026-12-24"

        `expect FIELD VALUE` compares an outcome field (docs/requests.md; nested with dots and
        [index]) with VALUE as the outcome JSON writes it; `expect error FIELD` expects the
        request to be refused for that field (`-`: no field); `expect rule "NAME" …` checks
        one rule: `applied`, `not applied`, `not applied: "TEXT"` (TEXT is part of its
        reason), `gives 16 points` (`gives 2.50 EUR` in a bonus program), `capped`,
        `capped by 50 points`, `modifies "base"`, `stops`. Lines starting with `#` are
        comments; docs/tests.md has the whole language. Prints each test as ok or FAIL; a
        failure shows the expected and actual values (for a rule, its expected and actual
        rows of the rules table) with the line, and the outcome explained. Ends with
        `N passed, N failed`.

        exit codes: 0 every test passed, 1 a test failed or a file has errors, 2 wrong command
        line, 3 a file could not be read.
        """,
        "repl": """
        \(ReplCommand.usage)

        Builds a request command by command and evaluates it against PROGRAM, printing the
        outcome as a table with its explanation. A bad command or value prints an error and
        the session goes on. Lines starting with `#` are comments.

        On a terminal, a prompt and line editing: Left, Right, Home, End (Ctrl-A, Ctrl-E),
        Backspace, Delete, Ctrl-U and Ctrl-K delete before and after the cursor. Tab completes
        a command, a key of :line :sale :customer, and as the value of article= or ean= the
        article numbers and EANs of the program's lists; when several fit, a second Tab lists
        them. Up and Down recall earlier lines, of this session and those before: the last
        1000 are kept in $XDG_STATE_HOME/perk/history (~/.local/state/perk/history when
        XDG_STATE_HOME is not an absolute path), or for the session alone, with a warning,
        when that file cannot be written. Ctrl-C gives up the line being typed; Ctrl-D on an empty line or
        :quit leaves.

        Otherwise (a script on standard input): no prompt, each command echoed as `> command`
        before its output, so that a transcript reads on its own. A line that is not UTF-8 or
        is longer than 1 MiB is skipped with an error.

        \(ReplSession.help)

        exit codes: 0 the session ended, 1 the program has errors, 2 wrong command line,
        3 the program could not be read.
        """,
        "ledger": """
        \(LedgerCommand.usage)

        Keeps a program's sales and customers' balances in JOURNAL, an append-only file
        (created when missing; see docs/ledger.md). Every change is written and flushed to
        disk before it is reported.

        `apply` evaluates the request with the customer's balances from the ledger (the
        request must not carry `customer.balances`) and records the sale under its order_id
        (or external_id): credited at once, or when its QR is scanned. The same request again
        gets its first answer and changes nothing; a different request under the same order
        id is refused. Prints the reply as JSON: reference, status, repeated, entries, outcome.

        options of apply:
          --lines     REQUEST.json holds one request per line; one reply per line, each
                      printed once it is stored; an error is printed as
                      {"error": "…", "line": N}, and with its line on standard error
          --no-trace  leave the trace out of the outcome

        commands:
        \(LedgerCommands.help)

        exit codes: 0 done, 1 the program has errors, 2 wrong command line, 3 a file could
        not be read, 4 the request is invalid, 5 the ledger refused (a conflicting or
        duplicate order, an unknown order, a balance too small, a scan by another customer),
        6 the journal could not be read or written, or is damaged.
        """,
        "help": """
        usage: perk help [SUBCOMMAND]

        Describes perk, or one subcommand with its options and exit codes.
        """,
    ]

    static func run(_ arguments: [String], _ console: Console) -> ExitCode {
        guard let name = arguments.first else {
            console.out(overview)
            return .ok
        }
        guard let page = pages[name] else {
            console.err("error: unknown subcommand `\(name)`" + (suggest(name).map { "; did you mean `\($0)`?" } ?? ""))
            return .usage
        }
        console.out(page)
        return .ok
    }

    /// The subcommand nearest to a misspelt one.
    static func suggest(_ word: String) -> String? {
        Spelling.suggest(word, from: pages.keys.sorted())
    }
}
