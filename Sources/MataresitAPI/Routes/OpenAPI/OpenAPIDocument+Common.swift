extension OpenAPIDocument {
    /// Info, servers, security, shared parameters and error responses; `paths` and `schemas` are added.
    static let baseDocument = ##"""
        {
          "openapi": "3.1.0",
          "info": {
            "title": "Mataresit External API",
            "version": "1.0.0",
            "description": "Receipts, claims, teams, analytics and search. Responses use the table's snake_case field names; request bodies use camelCase. Every error is the envelope `{error, code, message, details?, timestamp}` with an `X-Error-Code` header. Search is lexical (Postgres full-text search): `similarity` is `ts_rank`."
          },
          "servers": [{"url": "/"}],
          "security": [{"ApiKey": []}],
          "components": {
            "securitySchemes": {
              "ApiKey": {"type": "apiKey", "in": "header", "name": "X-API-Key",
                         "description": "mk_live_ or mk_test_ followed by 64 hex digits; `Authorization: Bearer mk_...` also works."}
            },
            "parameters": {
              "page": {"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1, "default": 1}},
              "usage_days": {"name": "days", "in": "query", "description": "UTC days back (default 30).",
                             "schema": {"type": "integer", "minimum": 1, "maximum": 366, "default": 30}},
              "usage_from": {"name": "from", "in": "query", "description": "Default: 24 h before `to`; at most 31 days.",
                             "schema": {"type": "string", "format": "date-time"}},
              "usage_to": {"name": "to", "in": "query", "description": "Default: now.",
                           "schema": {"type": "string", "format": "date-time"}},
              "recent_limit": {"name": "limit", "in": "query",
                               "schema": {"type": "integer", "minimum": 1, "maximum": 50, "default": 10}},
              "limit": {"name": "limit", "in": "query", "description": "Capped at 100.",
                        "schema": {"type": "integer", "minimum": 1, "default": 50}},
              "start_date": {"name": "start_date", "in": "query", "schema": {"type": "string", "format": "date"}},
              "end_date": {"name": "end_date", "in": "query", "schema": {"type": "string", "format": "date"}},
              "team_id": {"name": "team_id", "in": "query", "description": "The caller must be a member of the team.",
                          "schema": {"type": "string", "format": "uuid"}},
              "merchant": {"name": "merchant", "in": "query", "description": "Case-insensitive substring.",
                           "schema": {"type": "string"}},
              "category": {"name": "category", "in": "query", "schema": {"type": "string"}},
              "status": {"name": "status", "in": "query", "schema": {"type": "string"}},
              "priority": {"name": "priority", "in": "query", "schema": {"type": "string"}},
              "min_amount": {"name": "min_amount", "in": "query", "schema": {"type": "number", "minimum": 0}},
              "max_amount": {"name": "max_amount", "in": "query", "schema": {"type": "number", "minimum": 0}},
              "currency": {"name": "currency", "in": "query", "schema": {"type": "string"}},
              "payment_method": {"name": "payment_method", "in": "query", "schema": {"type": "string"}},
              "claimant_id": {"name": "claimant_id", "in": "query", "schema": {"type": "string", "format": "uuid"}},
              "receipt_sort_by": {"name": "sort_by", "in": "query", "schema": {"type": "string", "default": "created_at",
                "enum": ["created_at", "updated_at", "date", "total", "tax", "merchant", "status", "currency",
                         "payment_method", "predicted_category", "category"]}},
              "claim_sort_by": {"name": "sort_by", "in": "query", "schema": {"type": "string", "default": "created_at",
                "enum": ["created_at", "updated_at", "submitted_at", "amount", "title", "status", "priority",
                         "category", "currency"]}},
              "sort_order": {"name": "sort_order", "in": "query",
                             "schema": {"type": "string", "enum": ["asc", "desc"], "default": "desc"}},
              "categories": {"name": "categories", "in": "query", "description": "Comma-separated categories.",
                             "schema": {"type": "string"}},
              "analytics_currency": {"name": "currency", "in": "query", "description": "Selects rows; default USD.",
                                     "schema": {"type": "string", "default": "USD"}},
              "audit_action": {"name": "action", "in": "query", "description": "Event type or action, e.g. api_key_expired or expired.",
                               "schema": {"type": "string", "pattern": "^[A-Za-z0-9._-]{1,100}$"}},
              "audit_api_key_id": {"name": "api_key_id", "in": "query", "schema": {"type": "string", "format": "uuid"}},
              "audit_user_id": {"name": "user_id", "in": "query", "description": "The row's user or actor.",
                                "schema": {"type": "string", "format": "uuid"}},
              "audit_from": {"name": "from", "in": "query", "description": "Event time, inclusive (ISO-8601).",
                             "schema": {"type": "string", "format": "date-time"}},
              "audit_to": {"name": "to", "in": "query", "description": "Event time, exclusive (ISO-8601).",
                           "schema": {"type": "string", "format": "date-time"}}
            },
            "responses": {
              "E400": {"description": "Validation error (`details.validationErrors`), malformed body, or a suspicious pattern in the URL or body (`details.pattern`)",
                       "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
              "E401": {"description": "Missing, invalid or expired API key",
                       "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
              "E403": {"description": "Missing scope, team role or subscription tier, or a client address the key does not allow",
                       "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
              "E404": {"description": "Not found",
                       "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
              "E409": {"description": "Conflict",
                       "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
              "E429": {"description": "Rate limit or quota exceeded, or too many failed authentications from the client address (`Retry-After`)",
                       "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
              "E501": {"description": "Not implemented by this service",
                       "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
            }
          }
        }
        """##

    static let commonSchemas = ##"""
        {
          "Error": {
            "type": "object", "required": ["error", "code", "message", "timestamp"],
            "properties": {
              "error": {"const": true},
              "code": {"type": "string", "enum": ["INVALID_API_KEY", "EXPIRED_API_KEY", "INSUFFICIENT_PERMISSIONS",
                "ACCESS_DENIED", "RATE_LIMIT_EXCEEDED", "SUBSCRIPTION_LIMIT_EXCEEDED", "VALIDATION_ERROR",
                "INVALID_REQUEST_BODY", "MISSING_REQUIRED_FIELD", "INVALID_FIELD_VALUE", "RESOURCE_NOT_FOUND",
                "RESOURCE_ALREADY_EXISTS", "RESOURCE_CONFLICT", "DATABASE_ERROR", "CONSTRAINT_VIOLATION",
                "INTERNAL_SERVER_ERROR", "METHOD_NOT_ALLOWED", "UNSUPPORTED_MEDIA_TYPE", "SERVICE_UNAVAILABLE",
                "NOT_IMPLEMENTED", "CLIENT_CLOSED_REQUEST"]},
              "message": {"type": "string"},
              "details": {"type": "object", "properties": {
                "validationErrors": {"type": "array", "items": {"type": "object", "required": ["field", "message"],
                  "properties": {"field": {"type": "string"}, "message": {"type": "string"}}}}}},
              "timestamp": {"type": "string", "format": "date-time"}
            }
          },
          "Pagination": {
            "type": "object", "required": ["page", "limit", "total", "totalPages", "hasNextPage", "hasPrevPage"],
            "properties": {
              "page": {"type": "integer"}, "limit": {"type": "integer"}, "total": {"type": "integer"},
              "totalPages": {"type": "integer"}, "hasNextPage": {"type": "boolean"}, "hasPrevPage": {"type": "boolean"}
            }
          },
          "Uuid": {"type": "string", "pattern": "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"},
          "NullableUuid": {"anyOf": [{"$ref": "#/components/schemas/Uuid"}, {"type": "null"}]},
          "Timestamp": {"type": "string", "format": "date-time"},
          "NullableTimestamp": {"type": ["string", "null"], "format": "date-time"}
        }
        """##
}
