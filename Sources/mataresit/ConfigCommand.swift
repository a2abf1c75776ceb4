import ArgumentParser
import MataresitRuntime

struct ConfigCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config", abstract: "Inspect the configuration read from the environment.",
        subcommands: [Show.self])

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Print every variable in effect, where it came from, secrets masked (ops/env.example documents them).")

        func run() async throws {
            let settings = try RuntimeSettings()
            for line in ConfigurationTable.lines(settings.entries) { emitLine(line) }
        }
    }
}
