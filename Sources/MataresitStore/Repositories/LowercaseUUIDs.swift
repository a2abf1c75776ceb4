import Foundation

/// UUIDs leave the API in lowercase, as Postgres prints them and the existing clients expect
/// (Foundation's `UUID` would encode uppercase).
extension KeyedEncodingContainer {
    public mutating func encodeLowercase(_ id: UUID?, forKey key: Key) throws {
        try encode(id?.lowercased, forKey: key)
    }
}
