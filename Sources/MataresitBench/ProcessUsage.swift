import Foundation
import MataresitRuntime

/// CPU and memory of this process (`/proc/self/stat`, `/proc/self/status`) and busy time of the whole machine
/// (`/proc/stat`), so a bench can say what it cost. Zero where /proc is missing (not Linux).
public struct ProcessUsage: Sendable, Codable, Equatable {
    /// User + system CPU seconds of this process since it started.
    public var cpuSeconds: Double
    /// Resident set now and its peak (VmRSS, VmHWM), in MiB.
    public var residentMiB: Double
    public var peakResidentMiB: Double
    /// Busy and total jiffies of all cores (from `/proc/stat`), for machine-wide utilisation between two readings.
    public var machineBusyTicks: Double
    public var machineTotalTicks: Double

    public static func now() -> ProcessUsage {
        let ticks = Double(sysconf(Int32(_SC_CLK_TCK)))
        let stat = (try? String(contentsOfFile: "/proc/self/stat", encoding: .utf8)) ?? ""
        // Fields after the parenthesised command name: utime and stime are the 12th and 13th.
        let fields = stat.split(separator: ")").last.map { $0.split(separator: " ") } ?? []
        let cpu = fields.count > 12 ? ((Double(fields[11]) ?? 0) + (Double(fields[12]) ?? 0)) / max(ticks, 1) : 0
        let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
        let machine = machineTicks()
        return ProcessUsage(
            cpuSeconds: cpu, residentMiB: kibibytes("VmRSS:", in: status) / 1024,
            peakResidentMiB: kibibytes("VmHWM:", in: status) / 1024, machineBusyTicks: machine.busy,
            machineTotalTicks: machine.total)
    }

    /// Share of the machine's cores busy between `earlier` and `self` (0...1), any process.
    public func machineUtilisation(since earlier: ProcessUsage) -> Double {
        let total = machineTotalTicks - earlier.machineTotalTicks
        return total > 0 ? (machineBusyTicks - earlier.machineBusyTicks) / total : 0
    }

    static func kibibytes(_ field: String, in status: String) -> Double {
        for line in status.split(separator: "\n") where line.hasPrefix(field) {
            return Double(line.dropFirst(field.count).split(whereSeparator: \.isWhitespace).first ?? "") ?? 0
        }
        return 0
    }

    /// First line of /proc/stat: user nice system idle iowait irq softirq steal ...; idle + iowait are not busy.
    static func machineTicks() -> (busy: Double, total: Double) {
        let text = (try? String(contentsOfFile: "/proc/stat", encoding: .utf8)) ?? ""
        guard let line = text.split(separator: "\n").first else { return (0, 0) }
        let values = line.split(separator: " ").dropFirst().prefix(8).compactMap { Double($0) }
        guard values.count >= 5 else { return (0, 0) }
        let total = values.reduce(0, +)
        return (total - values[3] - values[4], total)
    }
}
