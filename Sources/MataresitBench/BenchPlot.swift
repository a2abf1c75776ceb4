import Foundation
import MataresitRuntime

/// The SVG chart of `--plot`: committed events/s (top) and consumer lag (bottom) over time, drawn by hand.
public enum BenchPlot {
    static let width = 800.0, panelHeight = 220.0, margin = 60.0

    public static func svg(_ result: PipelineBenchResult) -> String {
        let samples = result.samples
        let rates = throughput(samples)
        let maxSeconds = max(samples.last?.seconds ?? 1, 0.001)
        let height = panelHeight * 2 + margin * 3
        var svg = """
            <svg xmlns="http://www.w3.org/2000/svg" width="\(Int(width))" height="\(Int(height))" \
            font-family="sans-serif" font-size="12">
            <rect width="100%" height="100%" fill="white"/>
            <text x="\(margin)" y="20" font-size="14">mataresit bench pipeline: \(result.events) events, \
            \(result.stages.map(\.name).joined(separator: " + ")), \(Int(result.eventsPerSecond)) events/s end to end \
            (\(result.build) build)</text>

            """
        svg += panel(
            title: "committed by every stage (events/s)", top: margin,
            points: rates.map { ($0.seconds, $0.value) }, maxSeconds: maxSeconds, color: "#1f77b4")
        svg += panel(
            title: "lag (events sent, not yet committed)", top: margin * 2 + panelHeight,
            points: samples.map { ($0.seconds, Double($0.lag)) }, maxSeconds: maxSeconds, color: "#d62728")
        return svg + "</svg>\n"
    }

    /// Events/s over windows of at least 250 ms.
    static func throughput(_ samples: [PipelineBenchResult.Sample]) -> [(seconds: Double, value: Double)] {
        var points: [(Double, Double)] = []
        var anchor = samples.first
        for sample in samples.dropFirst() {
            guard let start = anchor, sample.seconds - start.seconds >= 0.25 else { continue }
            points.append(
                (sample.seconds, Double(sample.committed - start.committed) / (sample.seconds - start.seconds)))
            anchor = sample
        }
        return points
    }

    static func panel(title: String, top: Double, points: [(Double, Double)], maxSeconds: Double, color: String)
        -> String
    {
        let plotWidth = width - margin * 1.5
        let maxValue = niceCeiling(points.map(\.1).max() ?? 1)
        func x(_ seconds: Double) -> Double { margin + seconds / maxSeconds * plotWidth }
        func y(_ value: Double) -> Double { top + panelHeight - value / maxValue * panelHeight }
        var out = "<text x=\"\(margin)\" y=\"\(top - 8)\">\(title)</text>\n"
        out +=
            "<rect x=\"\(margin)\" y=\"\(top)\" width=\"\(plotWidth)\" height=\"\(panelHeight)\" fill=\"none\" stroke=\"#999\"/>\n"
        for step in 0...4 {
            let value = maxValue * Double(step) / 4
            out += "<text x=\"\(margin - 6)\" y=\"\(y(value) + 4)\" text-anchor=\"end\">\(label(value))</text>\n"
            out +=
                "<line x1=\"\(margin)\" x2=\"\(margin + plotWidth)\" y1=\"\(y(value))\" y2=\"\(y(value))\" stroke=\"#eee\"/>\n"
            let seconds = maxSeconds * Double(step) / 4
            out +=
                "<text x=\"\(x(seconds))\" y=\"\(top + panelHeight + 16)\" text-anchor=\"middle\">"
                + String(format: "%.1f s", seconds) + "</text>\n"
        }
        let path = points.map { String(format: "%.1f,%.1f", x($0.0), y($0.1)) }.joined(separator: " ")
        out += "<polyline fill=\"none\" stroke=\"\(color)\" stroke-width=\"1.5\" points=\"\(path)\"/>\n"
        return out
    }

    static func niceCeiling(_ value: Double) -> Double {
        guard value > 0 else { return 1 }
        let magnitude = pow(10, floor(log10(value)))
        return ([1, 2, 2.5, 5, 10].map { $0 * magnitude }.first { $0 >= value }) ?? value
    }

    static func label(_ value: Double) -> String {
        value >= 1_000_000
            ? String(format: "%.1fM", value / 1e6)
            : value >= 1000 ? String(format: "%.0fk", value / 1e3) : String(format: "%.0f", value)
    }
}
