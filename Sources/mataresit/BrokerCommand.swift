import ArgumentParser
import MataresitKafka
import MataresitRuntime
import UnixSignals

struct BrokerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "broker",
        abstract: "Run an embedded Kafka-protocol broker (librdkafka's mock cluster) and print its address.",
        discussion: """
            Prints KAFKA_BROKERS=<bootstrap> so several processes can share it. Memory only: each partition
            keeps about 5 MB or 100,000 message sets, the oldest dropped first. Stop with Ctrl-C.
            """)

    @Option(help: "Number of brokers in the cluster.")
    var brokers: Int = 1

    func validate() throws {
        guard (1...9).contains(brokers) else { throw ValidationError("--brokers must be from 1 to 9") }
    }

    func run() async throws {
        let environment = try CommandEnvironment()
        let pipeline = try environment.pipeline()
        let cluster = try EmbeddedKafkaCluster(brokers: brokers, logger: environment.logger)
        try TopicProvisioner.provision(pipeline, on: cluster)
        emitLine("KAFKA_BROKERS=\(cluster.bootstrapServers)")
        for await _ in await UnixSignalsSequence(trapping: .sigterm, .sigint) { break }
        environment.logger.info("broker stopping")
        withExtendedLifetime(cluster) {}
    }
}
