extension OpenAPIDocument {
    static let systemOperations: [APIOperation] = [
        APIOperation(
            "get", "openapi.json", "This OpenAPI document (no authentication)", tag: "System", scope: nil,
            data: stub, errors: [], authenticated: false),
        APIOperation(
            "get", "health", "Health of the API and the caller's key", tag: "System", scope: nil,
            data: ##"""
                {"type": "object", "required": ["status", "version", "function", "timestamp", "user", "mode", "features"],
                 "properties": {"status": {"type": "string"}, "version": {"const": "v1"},
                                "function": {"const": "external-api"}, "timestamp": {"type": "string"},
                                "user": {"type": "object", "required": ["id", "scopes"]},
                                "mode": {"type": "string", "enum": ["production", "test"]},
                                "features": {"type": "object"}}}
                """##, errors: [401, 429]),
        APIOperation(
            "get", "access-logs", "The caller's own requests, newest first, with the projection's freshness",
            tag: "System", scope: nil, query: ["page", "limit"],
            data: ##"""
                {"type": "object", "required": ["entries", "pagination", "freshness"], "properties": {
                  "entries": {"type": "array", "items": {"type": "object"}},
                  "pagination": {"$ref": "#/components/schemas/Pagination"}, "freshness": {"type": "object"}}}
                """##, errors: [400, 401, 429])
    ]

    static let accountOperations: [APIOperation] = [
        APIOperation(
            "get", "me", "The caller's profile, subscription and teams", tag: "Account", scope: "profile:read",
            data: ##"{"$ref": "#/components/schemas/Me"}"##, errors: [401, 403, 429]),
        APIOperation(
            "get", "categories", "The caller's custom categories, or a team's", tag: "Account",
            scope: "categories:read", query: ["team_id"],
            data: ##"""
                {"type": "object", "required": ["categories", "count", "teamId"], "properties": {
                  "categories": {"type": "array", "items": {"$ref": "#/components/schemas/CustomCategory"}},
                  "count": {"type": "integer"}, "teamId": {"$ref": "#/components/schemas/NullableUuid"}}}
                """##, errors: [400, 401, 403, 429])
    ]

    static let accountSchemas = ##"""
        {
          "Me": {
            "type": "object", "required": ["user", "subscription", "teams"],
            "properties": {
              "user": {"type": "object",
                "required": ["id", "email", "firstName", "lastName", "displayName", "avatarUrl", "preferredCurrency",
                             "preferredLanguage"],
                "properties": {"id": {"$ref": "#/components/schemas/Uuid"}, "email": {"type": "string"},
                  "firstName": {"type": ["string", "null"]}, "lastName": {"type": ["string", "null"]},
                  "displayName": {"type": "string"}, "avatarUrl": {"type": ["string", "null"]},
                  "preferredCurrency": {"type": "string"}, "preferredLanguage": {"type": "string"}}},
              "subscription": {"type": "object", "required": ["tier", "status", "receiptsUsedThisMonth", "limits"],
                "properties": {"tier": {"type": "string", "enum": ["free", "pro", "max"]}, "status": {"type": "string"},
                  "receiptsUsedThisMonth": {"type": "integer"},
                  "limits": {"type": "object",
                    "required": ["monthlyReceipts", "storageLimitMb", "retentionDays", "batchUploadLimit",
                                 "apiAccessEnabled", "maxUsers", "supportLevel"],
                    "description": "-1 means unlimited",
                    "properties": {"monthlyReceipts": {"type": "integer"}, "storageLimitMb": {"type": "integer"},
                      "retentionDays": {"type": "integer"}, "batchUploadLimit": {"type": "integer"},
                      "apiAccessEnabled": {"type": "boolean"}, "maxUsers": {"type": "integer"},
                      "supportLevel": {"type": "string"}}}}},
              "teams": {"type": "array", "items": {"type": "object", "required": ["id", "role", "joinedAt", "team"],
                "properties": {"id": {"$ref": "#/components/schemas/Uuid"}, "role": {"type": "string"},
                  "joinedAt": {"$ref": "#/components/schemas/Timestamp"},
                  "team": {"type": "object", "required": ["id", "name", "status"],
                    "properties": {"id": {"$ref": "#/components/schemas/Uuid"}, "name": {"type": "string"},
                      "description": {"type": ["string", "null"]}, "status": {"type": "string"}}}}}}
            }
          },
          "CustomCategory": {
            "type": "object",
            "required": ["id", "name", "color", "icon", "createdAt", "updatedAt", "receiptCount", "teamId", "isTeamCategory"],
            "properties": {
              "id": {"$ref": "#/components/schemas/Uuid"}, "name": {"type": "string"},
              "color": {"type": ["string", "null"]}, "icon": {"type": ["string", "null"]},
              "createdAt": {"$ref": "#/components/schemas/Timestamp"}, "updatedAt": {"$ref": "#/components/schemas/Timestamp"},
              "receiptCount": {"type": "integer"}, "teamId": {"$ref": "#/components/schemas/NullableUuid"},
              "isTeamCategory": {"type": "boolean"}
            }
          }
        }
        """##
}
