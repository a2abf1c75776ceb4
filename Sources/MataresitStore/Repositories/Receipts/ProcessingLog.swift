import Foundation

/// One step of a receipt's processing history.
public struct ProcessingLog: Sendable, Encodable, Equatable {
    public var id: UUID
    public var receiptID: UUID
    public var stepName: String?
    public var statusMessage: String
    public var createdAt: Date

    enum CodingKeys: String, CodingKey {
        case id, receiptID = "receipt_id", stepName = "step_name", statusMessage = "status_message"
        case createdAt = "created_at"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeLowercase(id, forKey: .id)
        try container.encodeLowercase(receiptID, forKey: .receiptID)
        try container.encode(stepName, forKey: .stepName)
        try container.encode(statusMessage, forKey: .statusMessage)
        try container.encode(createdAt, forKey: .createdAt)
    }
}
