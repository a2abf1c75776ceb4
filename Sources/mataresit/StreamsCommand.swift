import ArgumentParser
import MataresitCore

struct StreamsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "streams", abstract: "Inspect the declarative pipeline.", subcommands: [Validate.self])

    struct Validate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check that every reference in the pipeline resolves and every value is in range.")
        @Option(help: "Pipeline file.") var file: String = "streams/pipeline.yaml"

        func run() async throws {
            do {
                let spec = try PipelineSpec.load(path: file)
                print("\(file): valid (\(spec.topics.count) topics, \(spec.stages.count) stages)")
                for stage in spec.stages {
                    let ledger = stage.projections.needsEventLedger ? " (aggregates keep an event ledger)" : ""
                    print(
                        "stage \(stage.name): \(stage.projectionNames.joined(separator: ", ")) -> "
                            + (stage.tables.isEmpty
                                ? "segments in ARCHIVE_URL" : stage.tables.joined(separator: ", "))
                            + ledger)
                }
                print("redaction: " + Self.describe(spec.redactionPolicy))
            } catch let error as CoreError {
                throw ValidationError("\(file): \(error)")
            }
        }

        /// `events client_ip=seal ... | access_log client_ip=truncate ...`: the policy in force, defaults included.
        static func describe(_ policy: RedactionPolicy) -> String {
            RedactionTarget.allCases.map { target in
                let fields = RedactionField.allCases.filter { !target.allowedActions(for: $0).isEmpty }
                return target.rawValue + " "
                    + fields.map { "\($0.rawValue)=\(policy.action(for: $0, in: target).rawValue)" }.joined(
                        separator: " ")
            }.joined(separator: " | ")
        }
    }
}
