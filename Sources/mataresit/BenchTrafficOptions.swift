import MataresitBench
import ArgumentParser
import MataresitRuntime

/// The generated traffic of `bench pipeline`, `baseline` and `archive`: how many events, over how many keys and
/// partitions, from which seed.
struct BenchTrafficOptions: ParsableArguments {
    @Option(help: "Events to send (1...5,000,000).") var events = 200_000
    @Option(help: "API keys in the traffic (1...1,000,000).") var keys = 1_000
    @Option(help: "Partitions of the bench topic (1...256).") var partitions = 12
    @Option(help: "Seed of the traffic generator.") var seed: UInt64 = 1

    func validate() throws {
        guard (1...5_000_000).contains(events) else { throw ValidationError("--events must be 1...5000000") }
        guard (1...1_000_000).contains(keys) else { throw ValidationError("--keys must be 1...1000000") }
        guard (1...256).contains(partitions) else { throw ValidationError("--partitions must be 1...256") }
    }

    /// These settings over the pipeline bench's defaults.
    var pipelineOptions: PipelineBenchOptions {
        var options = PipelineBenchOptions()
        options.events = events
        options.keys = keys
        options.partitions = Int32(partitions)
        options.seed = seed
        return options
    }
}
