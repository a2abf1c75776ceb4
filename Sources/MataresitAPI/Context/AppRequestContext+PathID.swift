import Foundation
import Hummingbird

extension AppRequestContext {
    /// The UUID in path parameter `name`; anything else is a 400 `VALIDATION_ERROR` (as the published API answers
    /// `/receipts/invalid-uuid`), never a 404 that would suggest the resource might exist.
    func pathID(_ name: String) throws -> UUID {
        guard let id = parameters.get(name).flatMap(UUID.init(uuidString:)) else {
            throw APIError.validation([(name, "\(name) must be a UUID")])
        }
        return id
    }
}
