extension OpenAPIDocument {
    static let claimRef = ##"{"$ref": "#/components/schemas/Claim"}"##

    static let claimOperations: [APIOperation] = [
        APIOperation(
            "get", "claims", "List the claims of the caller's teams", tag: "Claims", scope: "claims:read",
            query: [
                "page", "limit", "status", "priority", "category", "min_amount", "max_amount", "currency",
                "claimant_id", "team_id", "start_date", "end_date", "claim_sort_by", "sort_order"
            ],
            data: ##"{"$ref": "#/components/schemas/ClaimList"}"##, errors: [400, 401, 403, 429]),
        APIOperation(
            "post", "claims", "Create a draft claim (team owner, admin or member)", tag: "Claims",
            scope: "claims:write", body: "ClaimInput", status: 201, data: claimRef, errors: [400, 401, 403, 404, 429]),
        APIOperation(
            "get", "claims/{id}", "Get a claim with its audit trail and receipts", tag: "Claims", scope: "claims:read",
            data: ##"{"$ref": "#/components/schemas/ClaimDetail"}"##, errors: [401, 403, 404, 429]),
        APIOperation(
            "put", "claims/{id}", "Update a claim (status changes: team admins; the claimant may submit)",
            tag: "Claims", scope: "claims:write", body: "ClaimChanges", data: claimRef,
            errors: [400, 401, 403, 404, 409, 429]),
        APIOperation(
            "patch", "claims/{id}", "Update some fields of a claim", tag: "Claims", scope: "claims:write",
            body: "ClaimChanges", data: claimRef, errors: [400, 401, 403, 404, 409, 429]),
        APIOperation(
            "delete", "claims/{id}", "Delete a claim (team admins; not once submitted, in review, approved or paid)",
            tag: "Claims", scope: "claims:delete",
            data: ##"""
                {"type": "object", "required": ["message", "claimId"], "properties": {
                  "message": {"type": "string"}, "claimId": {"$ref": "#/components/schemas/Uuid"}}}
                """##, errors: [400, 401, 403, 404, 429]),
        APIOperation(
            "get", "claims/{id}/receipts", "List the receipts attached to a claim", tag: "Claims",
            scope: "claims:read",
            data: ##"""
                {"type": "object", "required": ["claimId", "receipts"], "properties": {
                  "claimId": {"$ref": "#/components/schemas/Uuid"},
                  "receipts": {"type": "array", "items": {"$ref": "#/components/schemas/Receipt"}}}}
                """##, errors: [401, 403, 404, 429]),
        APIOperation(
            "post", "claims/{id}/receipts", "Attach receipts to a claim", tag: "Claims", scope: "claims:write",
            body: "ReceiptIds",
            data: ##"""
                {"type": "object", "required": ["claim", "attachedReceipts"], "properties": {
                  "claim": {"$ref": "#/components/schemas/Claim"},
                  "attachedReceipts": {"type": "array", "items": {"$ref": "#/components/schemas/Receipt"}}}}
                """##, errors: [400, 401, 403, 404, 429]),
        APIOperation(
            "delete", "claims/{id}/receipts", "Detach receipts from a claim", tag: "Claims", scope: "claims:write",
            body: "ReceiptIds",
            data: ##"""
                {"type": "object", "required": ["claim", "detachedReceiptIds"], "properties": {
                  "claim": {"$ref": "#/components/schemas/Claim"},
                  "detachedReceiptIds": {"type": "array", "items": {"$ref": "#/components/schemas/Uuid"}}}}
                """##, errors: [400, 401, 403, 404, 429])
    ]

    static let claimSchemas = ##"""
        {
          "ClaimStatus": {"type": "string",
                          "enum": ["draft", "submitted", "under_review", "approved", "rejected", "paid", "cancelled"]},
          "Claim": {
            "type": "object",
            "required": ["id", "title", "description", "amount", "currency", "category", "priority", "status",
                         "submitted_at", "reviewed_at", "approved_at", "rejection_reason", "created_at", "updated_at",
                         "team_id", "claimant_id", "attachments", "metadata"],
            "properties": {
              "id": {"$ref": "#/components/schemas/Uuid"}, "title": {"type": "string"},
              "description": {"type": ["string", "null"]}, "amount": {"type": "number"},
              "currency": {"type": "string"}, "category": {"type": ["string", "null"]},
              "priority": {"type": "string", "enum": ["low", "medium", "high", "urgent"]},
              "status": {"$ref": "#/components/schemas/ClaimStatus"},
              "submitted_at": {"$ref": "#/components/schemas/NullableTimestamp"},
              "reviewed_at": {"$ref": "#/components/schemas/NullableTimestamp"},
              "approved_at": {"$ref": "#/components/schemas/NullableTimestamp"},
              "reviewed_by": {"$ref": "#/components/schemas/NullableUuid"},
              "approved_by": {"$ref": "#/components/schemas/NullableUuid"},
              "rejection_reason": {"type": ["string", "null"]},
              "created_at": {"$ref": "#/components/schemas/Timestamp"},
              "updated_at": {"$ref": "#/components/schemas/Timestamp"},
              "team_id": {"$ref": "#/components/schemas/Uuid"}, "claimant_id": {"$ref": "#/components/schemas/Uuid"},
              "attachments": {"type": "array", "items": {"type": "object"}},
              "metadata": {"type": "object"}
            }
          },
          "ClaimAuditEntry": {
            "type": "object", "required": ["id", "action", "old_status", "new_status", "comment", "created_at", "user_id"],
            "properties": {
              "id": {"$ref": "#/components/schemas/Uuid"}, "action": {"type": "string"},
              "old_status": {"type": ["string", "null"]}, "new_status": {"type": ["string", "null"]},
              "comment": {"type": ["string", "null"]}, "created_at": {"$ref": "#/components/schemas/Timestamp"},
              "user_id": {"$ref": "#/components/schemas/NullableUuid"}
            }
          },
          "ClaimDetail": {
            "allOf": [{"$ref": "#/components/schemas/Claim"}, {
              "type": "object", "required": ["claim_audit_trail", "receipts"],
              "properties": {
                "claim_audit_trail": {"type": "array", "items": {"$ref": "#/components/schemas/ClaimAuditEntry"}},
                "receipts": {"type": "array", "items": {"$ref": "#/components/schemas/Receipt"}}
              }}]
          },
          "ClaimList": {
            "type": "object", "required": ["claims", "pagination", "filters"],
            "properties": {
              "claims": {"type": "array", "items": {"$ref": "#/components/schemas/Claim"}},
              "pagination": {"$ref": "#/components/schemas/Pagination"},
              "filters": {"type": "object", "additionalProperties": {"type": ["string", "null"]}}
            }
          },
          "ClaimInput": {
            "type": "object", "required": ["teamId", "title", "amount"],
            "properties": {
              "teamId": {"type": "string", "format": "uuid"}, "title": {"type": "string", "minLength": 3, "maxLength": 255},
              "amount": {"type": "number", "exclusiveMinimum": 0}, "currency": {"type": "string", "default": "USD"},
              "priority": {"type": "string", "enum": ["low", "medium", "high", "urgent"], "default": "medium"},
              "description": {"type": "string"}, "category": {"type": "string"},
              "attachments": {"type": "array", "maxItems": 50, "items": {"type": "object"}}
            }
          },
          "ClaimChanges": {
            "type": "object", "minProperties": 1,
            "properties": {
              "title": {"type": "string", "minLength": 3}, "description": {"type": ["string", "null"]},
              "amount": {"type": "number", "exclusiveMinimum": 0}, "currency": {"type": "string"},
              "category": {"type": ["string", "null"]},
              "priority": {"type": "string", "enum": ["low", "medium", "high", "urgent"]},
              "status": {"type": "string", "enum": ["draft", "submitted", "under_review", "approved", "rejected", "paid"]},
              "rejectionReason": {"type": "string"}, "comment": {"type": "string"}
            }
          },
          "ReceiptIds": {
            "type": "object", "required": ["receiptIds"],
            "properties": {"receiptIds": {"type": "array", "minItems": 1, "maxItems": 100,
                                          "items": {"type": "string", "format": "uuid"}}}
          }
        }
        """##
}
