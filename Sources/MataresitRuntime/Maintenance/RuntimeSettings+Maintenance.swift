import MataresitCore

extension RuntimeSettings {
    /// The key-expiry job's settings: `ENABLE_API_KEY_ROTATION`, `API_KEY_MAX_AGE_DAYS`, and the ledger horizon from
    /// the pipeline's longest topic retention.
    public func keyExpirySettings(pipeline: PipelineSpec) -> KeyExpiryJob.Settings {
        KeyExpiryJob.Settings(
            flagOldKeys: security.keyRotation, maxAgeDays: security.keyMaxAgeDays,
            ledgerKeepDays: KeyExpiryJob.Settings.ledgerKeepDays(pipeline: pipeline))
    }
}
