import ArgumentParser

@main
struct Mataresit: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mataresit",
        abstract: "Receipts-and-expenses API whose every request is an event, projected exactly once into Postgres.",
        discussion: """
            Configuration comes from environment variables (DATABASE_URL, KAFKA_BROKERS, PORT, \
            API_KEY_ENCRYPTION_KEY, LOG_LEVEL, ...); the pipeline's shape from streams/pipeline.yaml. \
            `mataresit dev` needs none of them: it starts a private Postgres and an embedded broker.
            """,
        subcommands: [
            DevCommand.self, ServeCommand.self, WorkCommand.self, BrokerCommand.self, MigrateCommand.self,
            UsersCommand.self, TeamsCommand.self, KeysCommand.self, PostgresCommand.self, StreamsCommand.self,
            ArchiveCommand.self, ReplayCommand.self, RetentionCommand.self, ConfigCommand.self, DoctorCommand.self,
            AuditCommand.self, BenchCommand.self, DlqCommand.self, GDPRCommand.self
        ])
}
