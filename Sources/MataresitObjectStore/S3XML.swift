import Foundation

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// An XML element as S3's responses use them: a name, text, and children; attributes and namespaces are dropped.
struct S3XMLNode: Sendable {
    var name: String
    var text: String = ""
    var children: [S3XMLNode] = []

    func child(_ name: String) -> S3XMLNode? { children.first { $0.name == name } }
    func children(_ name: String) -> [S3XMLNode] { children.filter { $0.name == name } }
    /// The text of the first child called `name`.
    func value(_ name: String) -> String? { child(name)?.text }

    /// Parses `data`; nil when it is not well-formed XML. Leading white space is skipped: S3 sends some to keep a
    /// slow CompleteMultipartUpload's connection open.
    static func parse(_ data: Data) -> S3XMLNode? {
        let parser = XMLParser(data: Data(data.drop { $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }))
        let builder = S3XMLTreeBuilder()
        parser.delegate = builder
        parser.shouldProcessNamespaces = true
        guard parser.parse(), let root = builder.root else { return nil }
        return root
    }
}

/// Builds the tree while `XMLParser` reads; used on one thread, once.
private final class S3XMLTreeBuilder: NSObject, XMLParserDelegate {
    private var stack: [S3XMLNode] = []
    private(set) var root: S3XMLNode?

    func parser(
        _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {
        stack.append(S3XMLNode(name: elementName))
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        guard !stack.isEmpty else { return }
        stack[stack.count - 1].text += string
    }

    func parser(
        _ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?
    ) {
        guard let node = stack.popLast() else { return }
        if stack.isEmpty { root = node } else { stack[stack.count - 1].children.append(node) }
    }
}

/// Writing the few request bodies S3 takes as XML.
enum S3XMLWriter {
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\r": out += "&#13;"
            default: out.append(character)
            }
        }
        return out
    }

    static let header = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
    static let namespace = "xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\""
}
