import Metrics

/// The stage families of `/metrics`, labelled by stage. Metric objects are looked up on each use
/// (the Prometheus registry keeps one per name and labels), so a runner created before the process
/// bootstrapped its metrics still reports.
enum StageMetrics {
    /// After a committed batch: `mataresit_stage_batch_duration_seconds`, `_events_total`,
    /// `_rows_written_total`, `_undecodable_total`,
    /// `_dead_letters_total`, `_batches_total`.
    static func recordBatch(
        stage: String, since start: ContinuousClock.Instant, events: Int, rows: Int, undecodable: Int, deadLetters: Int
    ) {
        let labels = [("stage", stage)]
        let elapsed = (ContinuousClock.now - start).components
        Timer(label: "mataresit_stage_batch_duration_seconds", dimensions: labels)
            .recordNanoseconds(elapsed.seconds * 1_000_000_000 + elapsed.attoseconds / 1_000_000_000)
        Counter(label: "mataresit_stage_batches_total", dimensions: labels).increment()
        Counter(label: "mataresit_stage_events_total", dimensions: labels).increment(by: Int64(events))
        Counter(label: "mataresit_stage_rows_written_total", dimensions: labels).increment(by: Int64(rows))
        Counter(label: "mataresit_stage_undecodable_total", dimensions: labels).increment(by: Int64(undecodable))
        Counter(label: "mataresit_stage_dead_letters_total", dimensions: labels).increment(by: Int64(deadLetters))
    }

    /// A batch refused by fencing (`mataresit_stage_fenced_batches_total`).
    static func recordFenced(stage: String) {
        Counter(label: "mataresit_stage_fenced_batches_total", dimensions: [("stage", stage)]).increment()
    }

    /// A failed database round trip of a batch (`mataresit_database_errors_total{source="stage"}`).
    static func recordDatabaseError() {
        Counter(label: "mataresit_database_errors_total", dimensions: [("source", "stage")]).increment()
    }

    /// A write to local disk that failed: full, unwritable or gone (`mataresit_disk_write_errors_total`, labelled
    /// by what was written: `archive` or `spool`).
    static func recordDiskWriteError(_ what: String) {
        Counter(label: "mataresit_disk_write_errors_total", dimensions: [("target", what)]).increment()
    }
}
