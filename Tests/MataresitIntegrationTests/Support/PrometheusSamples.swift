import Foundation

/// Samples of a Prometheus text exposition (version 0.0.4), parsed strictly enough for tests:
/// every non-comment line must be `name{labels} value`.
struct PrometheusSamples {
    struct Sample {
        let name: String
        let labels: [String: String]
        let value: Double
    }

    let samples: [Sample]
    /// Families declared by `# TYPE name kind`.
    let types: [String: String]

    init(_ text: String) throws {
        var samples: [Sample] = [], types: [String: String] = [:]
        for line in text.split(separator: "\n") where !line.isEmpty {
            if line.hasPrefix("# TYPE ") {
                let parts = line.split(separator: " ")
                if parts.count == 4 { types[String(parts[2])] = String(parts[3]) }
                continue
            }
            if line.hasPrefix("#") { continue }
            guard let space = line.lastIndex(of: " "), let value = Double(line[line.index(after: space)...]) else {
                throw ParseError(line: String(line))
            }
            let series = line[..<space]
            let name = String(series.prefix { $0 != "{" })
            var labels: [String: String] = [:]
            if let open = series.firstIndex(of: "{"), series.hasSuffix("}") {
                let body = series[series.index(after: open)..<series.index(before: series.endIndex)]
                for pair in body.split(separator: ",") {
                    let kv = pair.split(separator: "=", maxSplits: 1)
                    guard kv.count == 2 else { throw ParseError(line: String(line)) }
                    labels[String(kv[0])] = String(kv[1]).trimmingCharacters(in: ["\""])
                }
            }
            samples.append(Sample(name: name, labels: labels, value: value))
        }
        self.samples = samples
        self.types = types
    }

    struct ParseError: Error {
        let line: String
    }

    /// Sum of every series of `name` whose labels include `matching`.
    func total(_ name: String, _ matching: [String: String] = [:]) -> Double {
        samples.filter { sample in sample.name == name && matching.allSatisfy { sample.labels[$0.key] == $0.value } }
            .reduce(0) { $0 + $1.value }
    }

    func has(_ name: String) -> Bool { samples.contains { $0.name == name } }
}
