/// The effective configuration as aligned text: `VARIABLE  VALUE  SOURCE  NOTE`, secrets masked.
public enum ConfigurationTable {
    public static func lines(_ entries: [ConfigurationEntry]) -> [String] {
        let header = ("VARIABLE", "VALUE", "SOURCE", "NOTE")
        let rows = entries.map { entry in
            (entry.variable, entry.displayValue, entry.isSet ? "env" : "default", entry.note ?? "")
        }
        let nameWidth = ([header] + rows).map(\.0.count).max() ?? 0
        let valueWidth = min(([header] + rows).map(\.1.count).max() ?? 0, 60)
        return ([header] + rows).map { row in
            let line = pad(row.0, nameWidth) + "  " + pad(row.1, valueWidth) + "  " + pad(row.2, 7) + "  " + row.3
            return String(line.reversed().drop(while: { $0 == " " }).reversed())
        }
    }

    static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
    }
}
