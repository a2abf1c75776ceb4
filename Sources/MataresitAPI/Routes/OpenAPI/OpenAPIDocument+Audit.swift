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
        APIOperation(
            "get", "performance", "This instance's cache statistics, overall status and per-endpoint status (admin)",
            tag: "System", scope: "admin:all",
            data: ##"""
                {"type": "object", "required": ["status", "health", "timestamp", "cache", "database", "kafka", "lag", "endpoints"],
                 "properties": {
                  "status": {"type": "string", "enum": ["healthy", "degraded", "unhealthy"]},
                  "health": {"type": "object", "required": ["status", "issues"], "properties": {
                    "status": {"type": "string", "enum": ["healthy", "degraded", "unhealthy"]},
                    "issues": {"type": "array", "items": {"type": "string"}}}},
                  "timestamp": {"type": "string", "format": "date-time"},
                  "cache": {"type": "object", "required": ["entries", "maxEntries", "hits", "misses", "hitRate"]},
                  "database": {"type": "boolean"}, "kafka": {"type": "boolean"}, "lag": {"type": "array"},
                  "endpoints": {"type": "object", "additionalProperties": {"type": "string"}}}}
                """##, errors: [401, 403, 429])
    ]
}
