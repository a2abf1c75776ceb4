extension OpenAPIDocument {
    static let receiptFilters = [
        "page", "limit", "start_date", "end_date", "merchant", "category", "status", "min_amount", "max_amount",
        "currency", "payment_method", "team_id", "receipt_sort_by", "sort_order"
    ]

    static let receiptOperations: [APIOperation] = [
        APIOperation(
            "get", "receipts", "List receipts", tag: "Receipts", scope: "receipts:read", query: receiptFilters,
            data: ##"{"$ref": "#/components/schemas/ReceiptList"}"##, errors: [400, 401, 403, 429]),
        APIOperation(
            "post", "receipts", "Create a receipt", tag: "Receipts", scope: "receipts:write", body: "ReceiptInput",
            status: 201, data: ##"{"$ref": "#/components/schemas/Receipt"}"##, errors: [400, 401, 403, 429]),
        APIOperation(
            "post", "receipts/batch", "Create 1 to 50 receipts, each validated on its own", tag: "Receipts",
            scope: "receipts:write", body: "ReceiptBatchInput", status: 201,
            data: ##"{"$ref": "#/components/schemas/ReceiptBatchResult"}"##, errors: [400, 401, 403, 429]),
        APIOperation(
            "post", "receipts/quick", "Quick-add a receipt (date defaults to today UTC, currency to MYR)",
            tag: "Receipts", scope: "receipts:write", body: "ReceiptQuickInput", status: 201,
            data: ##"{"$ref": "#/components/schemas/Receipt"}"##, errors: [400, 401, 403, 429]),
        APIOperation(
            "get", "receipts/{id}", "Get a receipt with its line items and processing logs", tag: "Receipts",
            scope: "receipts:read", data: ##"{"$ref": "#/components/schemas/ReceiptDetail"}"##,
            errors: [401, 403, 404, 429]),
        APIOperation(
            "get", "receipts/{id}/image", "Get a receipt's image links", tag: "Receipts", scope: "receipts:read",
            data: ##"""
                {"type": "object", "required": ["receiptId", "imageUrl", "thumbnailUrl"], "properties": {
                  "receiptId": {"$ref": "#/components/schemas/Uuid"}, "imageUrl": {"type": ["string", "null"]},
                  "thumbnailUrl": {"type": ["string", "null"]}}}
                """##, errors: [401, 403, 404, 429]),
        APIOperation(
            "put", "receipts/{id}", "Update a receipt", tag: "Receipts", scope: "receipts:write",
            body: "ReceiptChanges", data: ##"{"$ref": "#/components/schemas/Receipt"}"##,
            errors: [400, 401, 403, 404, 429]),
        APIOperation(
            "patch", "receipts/{id}", "Update some fields of a receipt", tag: "Receipts", scope: "receipts:write",
            body: "ReceiptChanges", data: ##"{"$ref": "#/components/schemas/Receipt"}"##,
            errors: [400, 401, 403, 404, 429]),
        APIOperation(
            "delete", "receipts/{id}", "Delete a receipt (owner or team admin)", tag: "Receipts",
            scope: "receipts:delete",
            data: ##"""
                {"type": "object", "required": ["message", "receiptId"], "properties": {
                  "message": {"type": "string"}, "receiptId": {"$ref": "#/components/schemas/Uuid"}}}
                """##, errors: [401, 403, 404, 429])
    ]

    static let receiptSchemas = ##"""
        {
          "Receipt": {
            "type": "object",
            "required": ["id", "user_id", "team_id", "merchant", "date", "total", "tax", "currency", "payment_method",
                         "status", "category", "predicted_category", "processing_status", "image_url", "thumbnail_url",
                         "fullText", "created_at", "updated_at"],
            "properties": {
              "id": {"$ref": "#/components/schemas/Uuid"},
              "user_id": {"$ref": "#/components/schemas/Uuid"},
              "team_id": {"$ref": "#/components/schemas/NullableUuid"},
              "merchant": {"type": "string"},
              "normalized_merchant": {"type": ["string", "null"]},
              "date": {"type": "string", "format": "date"},
              "total": {"type": "number"},
              "tax": {"type": ["number", "null"]},
              "currency": {"type": "string"},
              "payment_method": {"type": ["string", "null"]},
              "status": {"type": "string", "enum": ["unreviewed", "reviewed", "synced", "archived"]},
              "category": {"type": ["string", "null"]},
              "predicted_category": {"type": ["string", "null"], "description": "Same as category (existing clients)."},
              "custom_category_id": {"$ref": "#/components/schemas/NullableUuid"},
              "processing_status": {"type": "string"},
              "image_url": {"type": ["string", "null"]},
              "thumbnail_url": {"type": ["string", "null"]},
              "fullText": {"type": ["string", "null"]},
              "created_at": {"$ref": "#/components/schemas/Timestamp"},
              "updated_at": {"$ref": "#/components/schemas/Timestamp"}
            }
          },
          "LineItem": {
            "type": "object", "required": ["id", "receipt_id", "description", "amount", "quantity"],
            "properties": {
              "id": {"$ref": "#/components/schemas/Uuid"}, "receipt_id": {"$ref": "#/components/schemas/Uuid"},
              "description": {"type": "string"}, "amount": {"type": "number"}, "quantity": {"type": "number"},
              "unit_price": {"type": ["number", "null"]}, "total_price": {"type": ["number", "null"]},
              "category": {"type": ["string", "null"]},
              "created_at": {"$ref": "#/components/schemas/Timestamp"},
              "updated_at": {"$ref": "#/components/schemas/Timestamp"}
            }
          },
          "ProcessingLog": {
            "type": "object", "required": ["id", "receipt_id", "status_message", "created_at"],
            "properties": {
              "id": {"$ref": "#/components/schemas/Uuid"}, "receipt_id": {"$ref": "#/components/schemas/Uuid"},
              "step_name": {"type": ["string", "null"]}, "status_message": {"type": "string"},
              "created_at": {"$ref": "#/components/schemas/Timestamp"}
            }
          },
          "ReceiptDetail": {
            "allOf": [{"$ref": "#/components/schemas/Receipt"}, {
              "type": "object", "required": ["line_items", "processing_logs"],
              "properties": {
                "line_items": {"type": "array", "items": {"$ref": "#/components/schemas/LineItem"}},
                "processing_logs": {"type": "array", "items": {"$ref": "#/components/schemas/ProcessingLog"}}
              }}]
          },
          "ReceiptList": {
            "type": "object", "required": ["receipts", "pagination", "filters"],
            "properties": {
              "receipts": {"type": "array", "items": {"$ref": "#/components/schemas/Receipt"}},
              "pagination": {"$ref": "#/components/schemas/Pagination"},
              "filters": {"type": "object", "properties": {
                "startDate": {"type": ["string", "null"]}, "endDate": {"type": ["string", "null"]},
                "merchant": {"type": ["string", "null"]}, "category": {"type": ["string", "null"]},
                "status": {"type": ["string", "null"]}, "minAmount": {"type": ["number", "null"]},
                "maxAmount": {"type": ["number", "null"]}, "currency": {"type": ["string", "null"]},
                "paymentMethod": {"type": ["string", "null"]}, "teamId": {"type": ["string", "null"]}}}
            }
          },
          "LineItemInput": {
            "type": "object", "required": ["description"],
            "properties": {
              "description": {"type": "string"}, "quantity": {"type": "number", "exclusiveMinimum": 0},
              "unitPrice": {"type": "number", "minimum": 0}, "totalPrice": {"type": "number", "minimum": 0},
              "category": {"type": "string"}
            }
          },
          "ReceiptInput": {
            "type": "object", "required": ["merchant", "date", "total"],
            "properties": {
              "merchant": {"type": "string", "maxLength": 255}, "date": {"type": "string", "format": "date"},
              "total": {"type": "number", "minimum": 0}, "tax": {"type": "number", "minimum": 0},
              "currency": {"type": "string", "default": "USD"}, "paymentMethod": {"type": "string"},
              "category": {"type": "string"},
              "status": {"type": "string", "enum": ["unreviewed", "reviewed", "synced", "archived"]},
              "imageUrl": {"type": "string"}, "fullText": {"type": "string"},
              "teamId": {"type": "string", "format": "uuid"}, "customCategoryId": {"type": "string", "format": "uuid"},
              "lineItems": {"type": "array", "maxItems": 500, "items": {"$ref": "#/components/schemas/LineItemInput"}}
            }
          },
          "ReceiptQuickInput": {
            "type": "object", "required": ["merchant", "total"],
            "properties": {
              "merchant": {"type": "string"}, "total": {"type": "number", "minimum": 0},
              "date": {"type": "string", "format": "date"}, "currency": {"type": "string", "default": "MYR"},
              "category": {"type": "string"}, "paymentMethod": {"type": "string"},
              "teamId": {"type": "string", "format": "uuid"}
            }
          },
          "ReceiptBatchInput": {
            "type": "object", "required": ["receipts"],
            "properties": {"receipts": {"type": "array", "minItems": 1, "maxItems": 50,
                                        "items": {"$ref": "#/components/schemas/ReceiptInput"}}}
          },
          "ReceiptBatchResult": {
            "type": "object", "required": ["created", "errors", "summary"],
            "properties": {
              "created": {"type": "array", "items": {"$ref": "#/components/schemas/Receipt"}},
              "errors": {"type": "array", "items": {"type": "object", "required": ["index", "error"],
                "properties": {"index": {"type": "integer"}, "error": {"type": "string"}, "code": {"type": "string"},
                               "validationErrors": {"type": ["array", "null"]}}}},
              "summary": {"type": "object", "required": ["total", "successful", "failed"],
                "properties": {"total": {"type": "integer"}, "successful": {"type": "integer"},
                               "failed": {"type": "integer"}}}
            }
          },
          "ReceiptChanges": {
            "type": "object", "minProperties": 1,
            "properties": {
              "merchant": {"type": "string"}, "date": {"type": "string", "format": "date"},
              "total": {"type": "number", "minimum": 0}, "tax": {"type": ["number", "null"], "minimum": 0},
              "currency": {"type": "string"}, "paymentMethod": {"type": "string"}, "category": {"type": "string"},
              "status": {"type": "string", "enum": ["unreviewed", "reviewed", "synced", "archived"]},
              "fullText": {"type": "string"}
            }
          }
        }
        """##
}
