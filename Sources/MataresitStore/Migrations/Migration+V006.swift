extension Migration {
    /// Which dead letters `mataresit dlq redrive` has re-published, by their position on the dead-letter topic,
    /// so `redrive --all` does not send the same letters again. The letters themselves live on the topic.
    static let v006DeadLetterRedrives = Migration(
        version: 6, name: "dead letter redrives",
        sql: """
            CREATE TABLE dead_letter_redrives (
                dlq_topic text NOT NULL,
                dlq_partition integer NOT NULL,
                dlq_offset bigint NOT NULL,
                stage text NOT NULL,
                redriven_at timestamptz NOT NULL DEFAULT now(),
                PRIMARY KEY (dlq_topic, dlq_partition, dlq_offset)
            );
            """)
}
