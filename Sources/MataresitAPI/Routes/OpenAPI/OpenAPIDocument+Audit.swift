extension OpenAPIDocument {
    static let auditOperations: [APIOperation] = [
        APIOperation(
            "get", "audit", "The hash-chained audit log (admin), newest first, with the audit stage's freshness",
            tag: "System", scope: "admin:all",
            query: ["page", "limit", "audit_action", "audit_api_key_id", "audit_user_id", "audit_from", "audit_to"],
            data: ##"""
                {"type": "object", "required": ["entries", "pagination", "freshness"], "properties": {
                  "entries": {"type": "array", "items": {"type": "object", "required": [
                    "id", "chain", "seq", "event_type", "action", "details", "timestamp", "row_hash"]}},
                  "pagination": {"$ref": "#/components/schemas/Pagination"}, "freshness": {"type": "object"}}}
                """##, errors: [400, 401, 403, 429]),
    ]
}
