extension OpenAPIDocument {
    static let personalDataOperations: [APIOperation] = [
        APIOperation(
            "post", "admin/gdpr/erasures",
            "Erase a user (right to be forgotten): the erasure stage destroys their data key, scrubs the projections "
                + "and removes the account; accepted at once, carried out asynchronously and exactly once",
            tag: "Personal data", scope: "admin:all", body: "ErasureInput", status: 202,
            data: ##"""
                {"type": "object", "required": ["erasure_id", "user_id", "status"], "properties": {
                  "erasure_id": {"$ref": "#/components/schemas/Uuid"}, "user_id": {"$ref": "#/components/schemas/Uuid"},
                  "status": {"const": "accepted"}}}
                """##, errors: [400, 401, 403, 404, 429]),
        APIOperation(
            "get", "me/export",
            "Everything held about the caller (right of access): profile, keys without secrets, receipts, claims, "
                + "teams, usage, access-log rows (newest 10,000), audit entries, data-key state",
            tag: "Personal data", scope: "profile:read",
            data: ##"""
                {"type": "object", "required": ["user_id", "generated_at", "profile", "api_keys", "receipts", "claims",
                                                "teams", "usage", "access_logs"],
                 "properties": {"user_id": {"$ref": "#/components/schemas/Uuid"}, "generated_at": {"type": "string"},
                   "profile": {"type": "object"}, "api_keys": {"type": "array"}, "receipts": {"type": "array"},
                   "claims": {"type": "array"}, "claim_audit_trail": {"type": "array"}, "teams": {"type": "array"},
                   "custom_categories": {"type": "array"}, "search_history": {"type": "array"}, "usage": {"type": "array"},
                   "usage_daily": {"type": "array"},
                   "access_logs": {"type": "array"}, "audit_logs": {"type": "array"},
                   "data_key": {"type": ["object", "null"]}}}
                """##, errors: [401, 403, 404, 429])
    ]

    static let personalDataSchemas = ##"""
        {
          "ErasureInput": {
            "type": "object", "required": ["user_id"],
            "properties": {
              "user_id": {"$ref": "#/components/schemas/Uuid"},
              "reason": {"type": "string", "maxLength": 200, "description": "An id or ticket number, never personal data"}
            }
          }
        }
        """##
}
