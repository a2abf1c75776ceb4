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
            } catch let error as CoreError {
                throw ValidationError("\(file): \(error)")
            }
        }
    }
}
