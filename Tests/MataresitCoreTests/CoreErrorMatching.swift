import MataresitCore

extension CoreError {
    var isUndecodableEvent: Bool {
        if case .undecodableEvent = self { return true }
        return false
    }

    var isSealing: Bool {
        if case .sealing = self { return true }
        return false
    }

    /// The problems of an `invalidPipeline` error; nil for any other case.
    var pipelineProblems: [String]? {
        if case .invalidPipeline(let problems) = self { return problems }
        return nil
    }
}
