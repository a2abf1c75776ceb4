extension OpenAPIDocument {
    /// `/keys` (any valid key manages its own user's keys), `/usage*` and `/analytics/api-usage` (the projections),
    /// and `/search/recent`.
    static let keyOperations: [APIOperation] = [
        APIOperation(
            "get", "keys", "List the caller's API keys (never the secrets)", tag: "Keys", scope: nil,
            data: ##"""
                {"type": "object", "required": ["apiKeys", "total"], "properties": {
                  "apiKeys": {"type": "array", "items": {"$ref": "#/components/schemas/ApiKey"}}, "total": {"type": "integer"}}}
                """##, errors: [401, 403, 429]),
        APIOperation(
            "post", "keys",
            "Create a key within the caller's scopes, expiry and addresses (else 403); shown only in this response",
            tag: "Keys", scope: nil,
            body: "ApiKeyInput", status: 201, data: ##"{"$ref": "#/components/schemas/CreatedApiKey"}"##,
            errors: [400, 401, 403, 409, 429]),
        APIOperation(
            "get", "keys/{id}", "Get one of the caller's keys", tag: "Keys", scope: nil,
            data: ##"{"$ref": "#/components/schemas/ApiKey"}"##, errors: [400, 401, 403, 404, 429]),
        APIOperation(
            "patch", "keys/{id}",
            "Tighten a key (fewer scopes, earlier expiry, fewer addresses, new name) or revoke it (`isActive: false`); "
                + "403 for anything else, a key whose scopes the caller lacks, or a revoked, expired, rotated-out key",
            tag: "Keys", scope: nil, body: "ApiKeyChanges", data: ##"{"$ref": "#/components/schemas/ApiKey"}"##,
            errors: [400, 401, 403, 404, 429]),
        APIOperation(
            "put", "keys/{id}", "Same as PATCH", tag: "Keys", scope: nil, body: "ApiKeyChanges",
            data: ##"{"$ref": "#/components/schemas/ApiKey"}"##, errors: [400, 401, 403, 404, 429]),
        APIOperation(
            "delete", "keys/{id}",
            "Revoke a key (kept, inactive, for the audit trail); 403 if already revoked or the caller lacks its scopes",
            tag: "Keys", scope: nil,
            data: ##"""
                {"type": "object", "required": ["message", "keyId"], "properties": {
                  "message": {"type": "string"}, "keyId": {"$ref": "#/components/schemas/Uuid"}}}
                """##, errors: [400, 401, 403, 404, 429]),
        APIOperation(
            "post", "keys/{id}/rotate",
            "Rotate: a new key now with the same scopes, addresses and expiry; the old one expires after `graceHours` "
                + "(default 24); 403 for a key whose scopes the caller lacks, or a revoked, expired, rotated-out key",
            tag: "Keys", scope: nil, body: "ApiKeyRotation", status: 201,
            data: ##"""
                {"allOf": [{"$ref": "#/components/schemas/CreatedApiKey"}, {"type": "object", "required": ["previous"],
                  "properties": {"previous": {"$ref": "#/components/schemas/ApiKey"}}}]}
                """##, errors: [400, 401, 403, 404, 429]),
        APIOperation(
            "get", "usage", "Usage of the caller's keys (usage-summary projection) overall and per day",
            tag: "Usage", scope: nil, query: ["usage_days"],
            data: ##"""
                {"type": "object", "required": ["keys", "daily", "freshness"], "properties": {
                  "keys": {"type": "array", "items": {"$ref": "#/components/schemas/KeyUsage"}},
                  "daily": {"type": "array", "items": {"$ref": "#/components/schemas/KeyUsage"}},
                  "freshness": {"$ref": "#/components/schemas/Freshness"}}}
                """##, errors: [400, 401, 403, 429]),
        APIOperation(
            "get", "usage/rate-limits", "Requests and 429s per event-time hour and key (rate-limit-stats projection)",
            tag: "Usage", scope: nil, query: ["usage_from", "usage_to"],
            data: ##"""
                {"type": "object", "required": ["from", "to", "hours", "freshness"], "properties": {
                  "from": {"$ref": "#/components/schemas/Timestamp"}, "to": {"$ref": "#/components/schemas/Timestamp"},
                  "hours": {"type": "array", "items": {"type": "object",
                    "required": ["hour", "total_requests", "rate_limited_requests", "rate_limit_percentage"],
                    "properties": {"hour": {"$ref": "#/components/schemas/Timestamp"},
                      "api_key_id": {"$ref": "#/components/schemas/NullableUuid"},
                      "total_requests": {"type": "integer"}, "rate_limited_requests": {"type": "integer"},
                      "rate_limit_percentage": {"type": "number"}}}},
                  "freshness": {"$ref": "#/components/schemas/Freshness"}}}
                """##, errors: [400, 401, 403, 429]),
        APIOperation(
            "get", "analytics/api-usage", "API usage analytics of the caller's keys (pro or max tier)",
            tag: "Analytics", scope: "analytics:read", query: ["usage_days"],
            data: ##"""
                {"type": "object", "required": ["total_requests", "successful_requests", "error_requests",
                  "avg_response_time_ms", "requests_by_day", "top_endpoints", "freshness"], "properties": {
                  "total_requests": {"type": "integer"}, "successful_requests": {"type": "integer"},
                  "error_requests": {"type": "integer"}, "avg_response_time_ms": {"type": ["number", "null"]},
                  "requests_by_day": {"type": "array", "items": {"type": "object", "required": ["date", "count"]}},
                  "top_endpoints": {"type": "array", "maxItems": 10, "items": {"type": "object",
                    "required": ["endpoint", "count"]}},
                  "freshness": {"$ref": "#/components/schemas/Freshness"}}}
                """##, errors: [400, 401, 403, 429]),
        APIOperation(
            "get", "search/recent", "The caller's own recent searches with their text, newest first", tag: "Search",
            scope: "search:read", query: ["recent_limit"],
            data: ##"""
                {"type": "object", "required": ["searches", "total"], "properties": {
                  "searches": {"type": "array", "maxItems": 50, "items": {"type": "object",
                    "required": ["query", "sources", "teamId", "searchedAt"],
                    "properties": {"query": {"type": "string"}, "sources": {"type": "array", "items": {"type": "string"}},
                      "teamId": {"$ref": "#/components/schemas/NullableUuid"},
                      "searchedAt": {"$ref": "#/components/schemas/Timestamp"}}}},
                  "total": {"type": "integer"}}}
                """##, errors: [400, 401, 403, 429])
    ]

    static let keySchemas = ##"""
        {
          "ApiKey": {
            "type": "object",
            "required": ["id", "name", "description", "key_prefix", "scopes", "is_active", "expires_at", "last_used_at",
                         "usage_count", "created_at", "team_id", "rotated_to", "revoked_at", "allowed_ips"],
            "properties": {
              "id": {"$ref": "#/components/schemas/Uuid"}, "name": {"type": "string"},
              "description": {"type": ["string", "null"]}, "key_prefix": {"type": "string"},
              "scopes": {"type": "array", "items": {"type": "string"}}, "is_active": {"type": "boolean"},
              "expires_at": {"$ref": "#/components/schemas/NullableTimestamp"},
              "last_used_at": {"$ref": "#/components/schemas/NullableTimestamp"}, "usage_count": {"type": "integer"},
              "created_at": {"$ref": "#/components/schemas/Timestamp"},
              "team_id": {"$ref": "#/components/schemas/NullableUuid"},
              "rotated_to": {"$ref": "#/components/schemas/NullableUuid"},
              "revoked_at": {"$ref": "#/components/schemas/NullableTimestamp"},
              "allowed_ips": {"type": "array", "items": {"type": "string"},
                "description": "CIDR blocks the key may be used from when the server sets ENABLE_IP_WHITELIST; empty: any."}
            }
          },
          "CreatedApiKey": {
            "allOf": [{"$ref": "#/components/schemas/ApiKey"}, {"type": "object", "required": ["apiKey", "keyPrefix", "message"],
              "properties": {"apiKey": {"type": "string", "pattern": "^mk_(live|test)_[0-9a-f]{64}$"},
                "keyPrefix": {"type": "string"}, "message": {"type": "string"}}}]
          },
          "ApiKeyInput": {
            "type": "object", "required": ["name"],
            "properties": {
              "name": {"type": "string", "minLength": 3, "maxLength": 255}, "description": {"type": "string"},
              "scopes": {"type": "array", "minItems": 1, "items": {"type": "string"},
                "description": "Default: the read scopes this key holds. A key cannot grant a scope it lacks."},
              "teamId": {"type": "string", "format": "uuid"},
              "expiresAt": {"type": "string", "format": "date-time", "description": "Must be in the future."},
              "allowedIps": {"type": "array", "maxItems": 50, "items": {"type": "string"},
                "description": "IPv4/IPv6 addresses or CIDR blocks, e.g. 203.0.113.0/24."}
            }
          },
          "ApiKeyChanges": {
            "type": "object",
            "properties": {
              "name": {"type": "string", "minLength": 3, "maxLength": 255}, "description": {"type": "string"},
              "scopes": {"type": "array", "minItems": 1, "items": {"type": "string"}}, "isActive": {"type": "boolean"},
              "expiresAt": {"type": "string", "format": "date-time"},
              "allowedIps": {"type": "array", "maxItems": 50, "items": {"type": "string"}}
            }
          },
          "ApiKeyRotation": {
            "type": "object",
            "properties": {"graceHours": {"type": "integer", "minimum": 0, "maximum": 720, "default": 24}}
          },
          "KeyUsage": {
            "type": "object", "required": ["api_key_id", "total_requests", "error_count"],
            "properties": {
              "api_key_id": {"$ref": "#/components/schemas/Uuid"}, "name": {"type": ["string", "null"]},
              "key_prefix": {"type": ["string", "null"]}, "date": {"type": ["string", "null"]},
              "total_requests": {"type": "integer"}, "error_count": {"type": "integer"},
              "avg_response_time_ms": {"type": ["number", "null"]}, "p95_response_time_ms": {"type": ["number", "null"]},
              "p99_response_time_ms": {"type": ["number", "null"]},
              "last_used": {"$ref": "#/components/schemas/NullableTimestamp"}
            }
          },
          "Freshness": {
            "type": "object", "required": ["stage", "as_of", "committed_at", "lag_seconds"],
            "description": "How fresh the projection is: the newest event time applied and the lag behind it.",
            "properties": {
              "stage": {"type": "string"}, "as_of": {"$ref": "#/components/schemas/NullableTimestamp"},
              "committed_at": {"$ref": "#/components/schemas/NullableTimestamp"},
              "lag_seconds": {"type": ["number", "null"]}
            }
          }
        }
        """##
}
