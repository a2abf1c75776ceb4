import Yams

extension PipelineSpec {
    /// Every field the pipeline file may have, per section. Anything else is refused by name, so a typo or a field
    /// this build does not read (a topic's `key` or `schema`) cannot look as if it took effect.
    static let knownFields: [String: Set<String>] = [
        "": ["version", "topics", "stages", "redaction"],
        "topics[]": ["name", "partitions", "retention_hours"],
        "stages[]": ["name", "inputs", "group", "projection", "projections", "batch", "start"],
        "stages[].batch": ["max_events", "max_wait_ms"],
        "redaction": ["events", "access_log"]  // their fields are checked by `RedactionPolicy`
    ]

    /// The fields of `yaml` that no section of the file has, as `stages[2].start`.
    static func unknownFields(in yaml: String) -> [String] {
        guard let root = try? Yams.compose(yaml: yaml) else { return [] }
        return unknownFields(in: root, section: "", at: "")
    }

    private static func unknownFields(in node: Node, section: String, at path: String) -> [String] {
        if let items = node.sequence {
            return items.enumerated().flatMap { index, item in
                unknownFields(in: item, section: section + "[]", at: path + "[\(index)]")
            }
        }
        guard let mapping = node.mapping, let known = knownFields[section] else { return [] }
        return mapping.flatMap { key, value -> [String] in
            let name = key.string ?? "\(key)"
            let child = section.isEmpty ? name : section + "." + name
            let place = path.isEmpty ? name : path + "." + name
            guard known.contains(name) else { return [place] }
            return unknownFields(in: value, section: child, at: place)
        }
    }
}
