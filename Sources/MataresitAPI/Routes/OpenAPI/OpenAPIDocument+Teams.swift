extension OpenAPIDocument {
    static let stub = ##"{"type": "object"}"##

    static let teamOperations: [APIOperation] =
        [
            APIOperation(
                "get", "teams", "List the caller's teams", tag: "Teams", scope: "teams:read",
                data: ##"""
                    {"type": "object", "required": ["teams", "total"], "properties": {
                      "teams": {"type": "array", "items": {"$ref": "#/components/schemas/TeamMembership"}},
                      "total": {"type": "integer"}}}
                    """##, errors: [401, 403, 429]),
            APIOperation(
                "get", "teams/{id}", "Get a team", tag: "Teams", scope: "teams:read",
                data: ##"{"$ref": "#/components/schemas/TeamDetail"}"##, errors: [401, 403, 404, 429]),
            APIOperation(
                "get", "teams/{id}/members", "List a team's members", tag: "Teams", scope: "teams:read",
                data: ##"""
                    {"type": "object", "required": ["members", "total", "teamId"], "properties": {
                      "members": {"type": "array", "items": {"$ref": "#/components/schemas/TeamMember"}},
                      "total": {"type": "integer"}, "teamId": {"$ref": "#/components/schemas/Uuid"}}}
                    """##, errors: [401, 403, 404, 429]),
            APIOperation(
                "get", "teams/{id}/receipts", "List a team's receipts", tag: "Teams", scope: "teams:read",
                query: ["page", "limit", "start_date", "end_date", "merchant", "category", "status"],
                data: ##"""
                    {"type": "object", "required": ["receipts", "pagination", "teamId"], "properties": {
                      "receipts": {"type": "array", "items": {"$ref": "#/components/schemas/Receipt"}},
                      "pagination": {"$ref": "#/components/schemas/Pagination"},
                      "teamId": {"$ref": "#/components/schemas/Uuid"}}}
                    """##, errors: [400, 401, 403, 404, 429]),
            APIOperation(
                "get", "teams/{id}/stats", "Team statistics", tag: "Teams", scope: "teams:read",
                data: ##"{"$ref": "#/components/schemas/TeamStats"}"##, errors: [401, 403, 404, 429]),
            APIOperation(
                "post", "teams/{id}/remove-member", "Remove a member (teams:write via admin:all; team owner or admin)",
                tag: "Teams", scope: "admin:all", body: "UserIdInput",
                data: ##"{"$ref": "#/components/schemas/MemberRemoved"}"##,
                errors: [400, 401, 403, 404, 429]),
            APIOperation(
                "delete", "teams/{id}/members/{userId}",
                "Remove a member (teams:write via admin:all; team owner or admin)",
                tag: "Teams", scope: "admin:all", data: ##"{"$ref": "#/components/schemas/MemberRemoved"}"##,
                errors: [401, 403, 404, 429]),
            APIOperation(
                "post", "teams/{id}/bulk-remove", "Remove up to 50 members", tag: "Teams", scope: "admin:all",
                body: "UserIdsInput",
                data: ##"""
                    {"type": "object", "required": ["teamId", "removed", "failed", "results"], "properties": {
                      "teamId": {"$ref": "#/components/schemas/Uuid"}, "removed": {"type": "integer"},
                      "failed": {"type": "integer"},
                      "results": {"type": "array", "items": {"type": "object", "required": ["user_id", "success"],
                        "properties": {"user_id": {"type": "string"}, "success": {"type": "boolean"},
                                       "error": {"type": ["string", "null"]}}}}}}
                    """##, errors: [400, 401, 403, 404, 429]),
            APIOperation(
                "post", "teams/{id}/update-member-role", "Change a member's role", tag: "Teams", scope: "admin:all",
                body: "RoleInput",
                data: ##"""
                    {"type": "object", "required": ["teamId", "userId", "oldRole", "newRole"], "properties": {
                      "teamId": {"$ref": "#/components/schemas/Uuid"}, "userId": {"$ref": "#/components/schemas/Uuid"},
                      "oldRole": {"type": "string"}, "newRole": {"type": "string"}}}
                    """##, errors: [400, 401, 403, 404, 429])
        ] + teamStubOperations

    /// The stubs of the existing API: 501 in the error envelope.
    static let teamStubOperations: [APIOperation] = [
        ("post", "teams", "Create a team"), ("put", "teams/{id}", "Update a team"),
        ("patch", "teams/{id}", "Update a team"), ("delete", "teams/{id}", "Delete a team"),
        ("post", "teams/{id}/members", "Add a member"), ("put", "teams/{id}/members/{userId}", "Update a member"),
        ("patch", "teams/{id}/members/{userId}", "Update a member"),
        ("post", "teams/{id}/schedule-removal", "Schedule a member's removal"),
        ("get", "teams/{id}/claims", "A team's claims"), ("get", "teams/{id}/activity", "A team's activity")
    ].map { method, path, summary in
        APIOperation(
            method, path, summary + " (not implemented: 501)", tag: "Teams", scope: nil, status: 501,
            data: stub, errors: [401])
    }

    static let teamSchemas = ##"""
        {
          "Team": {
            "type": "object", "required": ["id", "name", "description", "status", "memberCount", "createdAt", "updatedAt", "settings"],
            "properties": {
              "id": {"$ref": "#/components/schemas/Uuid"}, "name": {"type": "string"},
              "description": {"type": ["string", "null"]}, "status": {"type": "string"},
              "memberCount": {"type": "integer"}, "createdAt": {"$ref": "#/components/schemas/Timestamp"},
              "updatedAt": {"$ref": "#/components/schemas/Timestamp"}, "settings": {"type": "object"}
            }
          },
          "TeamMembership": {
            "allOf": [{"$ref": "#/components/schemas/Team"}, {
              "type": "object", "required": ["userRole", "joinedAt", "stats"],
              "properties": {
                "userRole": {"type": "string", "enum": ["owner", "admin", "member", "viewer"]},
                "joinedAt": {"$ref": "#/components/schemas/Timestamp"},
                "stats": {"type": "object", "required": ["receipts", "claims"],
                          "properties": {"receipts": {"type": "integer"}, "claims": {"type": "integer"}}}
              }}]
          },
          "TeamDetail": {
            "allOf": [{"$ref": "#/components/schemas/Team"}, {
              "type": "object", "properties": {
                "subscription": {"type": ["object", "null"], "properties": {
                  "tier": {"type": "string"}, "receiptsUsed": {"type": "integer"},
                  "receiptsLimit": {"type": "integer", "description": "-1 means unlimited"}}}
              }}]
          },
          "TeamMember": {
            "type": "object", "required": ["id", "userId", "email", "fullName", "role", "joinedAt", "permissions"],
            "properties": {
              "id": {"$ref": "#/components/schemas/Uuid"}, "userId": {"$ref": "#/components/schemas/Uuid"},
              "email": {"type": "string"}, "fullName": {"type": ["string", "null"]},
              "role": {"type": "string", "enum": ["owner", "admin", "member", "viewer"]},
              "joinedAt": {"$ref": "#/components/schemas/Timestamp"}, "permissions": {"type": "object"}
            }
          },
          "TeamStats": {
            "type": "object",
            "required": ["totalReceipts", "totalClaims", "totalAmount", "currency", "activeMembers", "recentActivity"],
            "properties": {
              "totalReceipts": {"type": "integer"}, "totalClaims": {"type": "integer"},
              "totalAmount": {"type": "number"}, "currency": {"type": "string"}, "activeMembers": {"type": "integer"},
              "recentActivity": {"type": "array", "maxItems": 5, "items": {"type": "object",
                "required": ["type", "description", "timestamp", "userId"],
                "properties": {"type": {"const": "receipt_uploaded"}, "description": {"type": "string"},
                               "timestamp": {"$ref": "#/components/schemas/Timestamp"},
                               "userId": {"$ref": "#/components/schemas/Uuid"}}}}
            }
          },
          "MemberRemoved": {
            "type": "object", "required": ["message", "teamId", "userId"],
            "properties": {"message": {"type": "string"}, "teamId": {"$ref": "#/components/schemas/Uuid"},
                           "userId": {"$ref": "#/components/schemas/Uuid"}}
          },
          "UserIdInput": {"type": "object", "required": ["user_id"],
                          "properties": {"user_id": {"type": "string", "format": "uuid"}}},
          "UserIdsInput": {"type": "object", "required": ["user_ids"],
                           "properties": {"user_ids": {"type": "array", "minItems": 1, "maxItems": 50,
                                                       "items": {"type": "string", "format": "uuid"}}}},
          "RoleInput": {"type": "object", "required": ["user_id", "new_role"],
                        "properties": {"user_id": {"type": "string", "format": "uuid"},
                                       "new_role": {"type": "string", "enum": ["owner", "admin", "member", "viewer"]}}}
        }
        """##
}
