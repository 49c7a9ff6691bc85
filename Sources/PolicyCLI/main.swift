// The policyc command line. Exit status: 0 success, 1 errors in the policy
// (or a failed test or a gated diff), 2 a usage error.

import Foundation

let commands: [String: any Command.Type] = [
    "check": CheckCommand.self,
    "eval": EvalCommand.self,
    "lint": LintCommand.self,
    "diff": DiffCommand.self,
    "who-can": WhoCanCommand.self,
    "test": TestCommand.self,
]

let mainHelp = """
    policyc: a policy compiler and evaluator for API gateways

    usage: policyc <command> [options]

    commands:
      check     type-check a policy directory and report every mistake
      eval      decide requests against a policy and print the decisions
      lint      run only the security lints
      diff      report what a policy change grants or takes away
      who-can   list the keys that may use a scope, and under which conditions
      test      run the policy's tests (*.test.yaml) and report failures and coverage

    Run 'policyc <command> --help' for a command's options.
    Documentation: docs/language.md, docs/diagnostics.md, docs/decisions.md
    """

var arguments = Array(CommandLine.arguments.dropFirst())
guard let name = arguments.first else {
    Console.error(mainHelp)
    exit(ExitStatus.usage)
}
arguments.removeFirst()
if name == "--help" || name == "-h" || name == "help" {
    Console.write(mainHelp + "\n")
    exit(ExitStatus.success)
}
if name == "--version" || name == "version" {
    Console.write("policyc \(policycVersion)\n")
    exit(ExitStatus.success)
}
guard let command = commands[name] else {
    Console.error("policyc: unknown command '\(name)'\n\n" + mainHelp)
    exit(ExitStatus.usage)
}
if arguments.contains("--help") || arguments.contains("-h") {
    Console.write(command.help + "\n")
    exit(ExitStatus.success)
}
do {
    exit(try command.run(arguments))
} catch let error as UsageError {
    Console.error("policyc \(name): \(error)\nRun 'policyc \(name) --help' for usage.")
    exit(ExitStatus.usage)
} catch {
    Console.error("policyc \(name): \(error)")
    exit(ExitStatus.failure)
}
