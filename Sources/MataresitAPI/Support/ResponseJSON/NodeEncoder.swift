import Foundation

/// The `Encoder` behind ``ResponseJSONEncoder``: records what a value encodes as a ``JSONNode``.
final class NodeEncoder: Encoder {
    let path: CodingPathNode?
    private(set) var node: JSONNode?

    init(path: CodingPathNode?) { self.path = path }

    var codingPath: [any CodingKey] { path?.keys ?? [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        // A second keyed container of the same value writes into the same object, as with JSONEncoder.
        if case .object(let object) = node {
            return KeyedEncodingContainer(KeyedNodeContainer(object: object, path: path))
        }
        let object = JSONObjectNode()
        node = .object(object)
        return KeyedEncodingContainer(KeyedNodeContainer(object: object, path: path))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        if case .array(let array) = node { return UnkeyedNodeContainer(array: array, path: path) }
        let array = JSONArrayNode()
        node = .array(array)
        return UnkeyedNodeContainer(array: array, path: path)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer { SingleNodeContainer(encoder: self) }

    fileprivate func set(_ value: JSONNode) { node = value }
}

private struct SingleNodeContainer: SingleValueEncodingContainer {
    let encoder: NodeEncoder
    var codingPath: [any CodingKey] { encoder.codingPath }

    mutating func encodeNil() { encoder.set(.null) }
    mutating func encode(_ value: Bool) { encoder.set(.bool(value)) }
    mutating func encode(_ value: String) { encoder.set(.string(value)) }
    mutating func encode(_ value: Double) throws {
        encoder.set(try ResponseJSONEncoder.number(value, path: encoder.path))
    }
    mutating func encode(_ value: Float) throws {
        encoder.set(try ResponseJSONEncoder.number(value, path: encoder.path))
    }
    mutating func encode(_ value: Int) { encoder.set(.number(String(value))) }
    mutating func encode(_ value: Int8) { encoder.set(.number(String(value))) }
    mutating func encode(_ value: Int16) { encoder.set(.number(String(value))) }
    mutating func encode(_ value: Int32) { encoder.set(.number(String(value))) }
    mutating func encode(_ value: Int64) { encoder.set(.number(String(value))) }
    mutating func encode(_ value: UInt) { encoder.set(.number(String(value))) }
    mutating func encode(_ value: UInt8) { encoder.set(.number(String(value))) }
    mutating func encode(_ value: UInt16) { encoder.set(.number(String(value))) }
    mutating func encode(_ value: UInt32) { encoder.set(.number(String(value))) }
    mutating func encode(_ value: UInt64) { encoder.set(.number(String(value))) }
    mutating func encode<T: Encodable>(_ value: T) throws {
        encoder.set(try ResponseJSONEncoder.node(for: value, path: encoder.path) ?? .object(JSONObjectNode()))
    }
}

private struct KeyedNodeContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let object: JSONObjectNode
    let path: CodingPathNode?
    var codingPath: [any CodingKey] { path?.keys ?? [] }

    private func set(_ value: JSONNode, _ key: Key) { object.set(key.stringValue, value) }

    mutating func encodeNil(forKey key: Key) { set(.null, key) }
    mutating func encode(_ value: Bool, forKey key: Key) { set(.bool(value), key) }
    mutating func encode(_ value: String, forKey key: Key) { set(.string(value), key) }
    mutating func encode(_ value: Double, forKey key: Key) throws {
        set(try ResponseJSONEncoder.number(value, path: CodingPathNode(key, parent: path)), key)
    }
    mutating func encode(_ value: Float, forKey key: Key) throws {
        set(try ResponseJSONEncoder.number(value, path: CodingPathNode(key, parent: path)), key)
    }
    mutating func encode(_ value: Int, forKey key: Key) { set(.number(String(value)), key) }
    mutating func encode(_ value: Int8, forKey key: Key) { set(.number(String(value)), key) }
    mutating func encode(_ value: Int16, forKey key: Key) { set(.number(String(value)), key) }
    mutating func encode(_ value: Int32, forKey key: Key) { set(.number(String(value)), key) }
    mutating func encode(_ value: Int64, forKey key: Key) { set(.number(String(value)), key) }
    mutating func encode(_ value: UInt, forKey key: Key) { set(.number(String(value)), key) }
    mutating func encode(_ value: UInt8, forKey key: Key) { set(.number(String(value)), key) }
    mutating func encode(_ value: UInt16, forKey key: Key) { set(.number(String(value)), key) }
    mutating func encode(_ value: UInt32, forKey key: Key) { set(.number(String(value)), key) }
    mutating func encode(_ value: UInt64, forKey key: Key) { set(.number(String(value)), key) }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        let node = try ResponseJSONEncoder.node(for: value, path: CodingPathNode(key, parent: path))
        set(node ?? .object(JSONObjectNode()), key)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key)
        -> KeyedEncodingContainer<NestedKey>
    {
        let nested = JSONObjectNode()
        set(.object(nested), key)
        return KeyedEncodingContainer(
            KeyedNodeContainer<NestedKey>(object: nested, path: CodingPathNode(key, parent: path)))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let nested = JSONArrayNode()
        set(.array(nested), key)
        return UnkeyedNodeContainer(array: nested, path: CodingPathNode(key, parent: path))
    }

    mutating func superEncoder() -> any Encoder {
        MemberEncoder(path: path) { [object] in object.set("super", $0) }
    }
    mutating func superEncoder(forKey key: Key) -> any Encoder {
        MemberEncoder(path: CodingPathNode(key, parent: path)) { [object] in object.set(key.stringValue, $0) }
    }
}

private struct UnkeyedNodeContainer: UnkeyedEncodingContainer {
    let array: JSONArrayNode
    let path: CodingPathNode?
    var codingPath: [any CodingKey] { path?.keys ?? [] }
    var count: Int { array.elements.count }

    private func append(_ value: JSONNode) { array.elements.append(value) }
    private var elementPath: CodingPathNode { CodingPathNode(IndexKey(count), parent: path) }

    mutating func encodeNil() { append(.null) }
    mutating func encode(_ value: Bool) { append(.bool(value)) }
    mutating func encode(_ value: String) { append(.string(value)) }
    mutating func encode(_ value: Double) throws { append(try ResponseJSONEncoder.number(value, path: elementPath)) }
    mutating func encode(_ value: Float) throws { append(try ResponseJSONEncoder.number(value, path: elementPath)) }
    mutating func encode(_ value: Int) { append(.number(String(value))) }
    mutating func encode(_ value: Int8) { append(.number(String(value))) }
    mutating func encode(_ value: Int16) { append(.number(String(value))) }
    mutating func encode(_ value: Int32) { append(.number(String(value))) }
    mutating func encode(_ value: Int64) { append(.number(String(value))) }
    mutating func encode(_ value: UInt) { append(.number(String(value))) }
    mutating func encode(_ value: UInt8) { append(.number(String(value))) }
    mutating func encode(_ value: UInt16) { append(.number(String(value))) }
    mutating func encode(_ value: UInt32) { append(.number(String(value))) }
    mutating func encode(_ value: UInt64) { append(.number(String(value))) }
    mutating func encode<T: Encodable>(_ value: T) throws {
        append(try ResponseJSONEncoder.node(for: value, path: elementPath) ?? .object(JSONObjectNode()))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<
        NestedKey
    > {
        let nested = JSONObjectNode()
        let nestedPath = elementPath
        append(.object(nested))
        return KeyedEncodingContainer(KeyedNodeContainer<NestedKey>(object: nested, path: nestedPath))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let nested = JSONArrayNode()
        let nestedPath = elementPath
        append(.array(nested))
        return UnkeyedNodeContainer(array: nested, path: nestedPath)
    }

    mutating func superEncoder() -> any Encoder {
        let index = count, elementPath = elementPath
        append(.object(JSONObjectNode()))
        return MemberEncoder(path: elementPath) { [array] in array.elements[index] = $0 }
    }
}

/// A `superEncoder`: what it encodes is stored by `store` once it is released, as with Foundation's referencing
/// encoder.
private final class MemberEncoder: Encoder {
    let inner: NodeEncoder
    let store: (JSONNode) -> Void

    init(path: CodingPathNode?, store: @escaping (JSONNode) -> Void) {
        inner = NodeEncoder(path: path)
        self.store = store
    }

    deinit { store(inner.node ?? .object(JSONObjectNode())) }

    var codingPath: [any CodingKey] { inner.codingPath }
    var userInfo: [CodingUserInfoKey: Any] { [:] }
    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        inner.container(keyedBy: type)
    }
    func unkeyedContainer() -> any UnkeyedEncodingContainer { inner.unkeyedContainer() }
    func singleValueContainer() -> any SingleValueEncodingContainer { inner.singleValueContainer() }
}
