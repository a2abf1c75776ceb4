extension OpenAPIDocument {
    static let analyticsQuery = ["start_date", "end_date", "team_id", "analytics_currency", "categories"]

    static let insightOperations: [APIOperation] = [
        APIOperation(
            "get", "analytics", "Spending overview (pro or max tier)", tag: "Analytics", scope: "analytics:read",
            query: analyticsQuery, data: ##"{"$ref": "#/components/schemas/SpendingOverview"}"##,
            errors: [400, 401, 403, 429]),
        APIOperation(
            "get", "analytics/{section}", "Unknown sections answer with the overview, as the existing API does",
            tag: "Analytics", scope: "analytics:read", query: analyticsQuery,
            data: ##"{"$ref": "#/components/schemas/SpendingOverview"}"##, errors: [400, 401, 403, 429]),
        APIOperation(
            "get", "analytics/summary", "Spending summary with the change against the previous period",
            tag: "Analytics", scope: "analytics:read", query: analyticsQuery,
            data: ##"""
                {"allOf": [{"$ref": "#/components/schemas/SpendingSummary"}, {"type": "object",
                  "required": ["previousPeriodChange"], "properties": {"previousPeriodChange": {"type": "object",
                    "required": ["amount", "percentage"], "properties": {"amount": {"type": "number"},
                    "percentage": {"type": ["number", "null"]}}}}}]}
                """##, errors: [400, 401, 403, 429]),
        APIOperation(
            "get", "analytics/categories", "Spending by category", tag: "Analytics", scope: "analytics:read",
            query: analyticsQuery,
            data: ##"""
                {"type": "object", "required": ["categories", "totalAmount", "totalReceipts", "period"], "properties": {
                  "categories": {"type": "array", "items": {"allOf": [{"$ref": "#/components/schemas/SpendingShare"},
                    {"type": "object", "required": ["category", "trend"],
                     "properties": {"category": {"type": "string"}, "trend": {"const": "stable"}}}]}},
                  "totalAmount": {"type": "number"}, "totalReceipts": {"type": "integer"}, "period": {"type": "string"}}}
                """##, errors: [400, 401, 403, 429]),
        .notImplemented("get", "analytics/trends", tag: "Analytics", scope: "analytics:read"),
        .notImplemented("get", "analytics/merchants", tag: "Analytics", scope: "analytics:read"),
        .notImplemented("get", "analytics/claims", tag: "Analytics", scope: "analytics:read"),
        .notImplemented("post", "analytics/custom", tag: "Analytics", scope: "analytics:read"),
        APIOperation(
            "post", "search", "Lexical full-text search (Postgres); similarity is ts_rank", tag: "Search",
            scope: "search:read", body: "SearchInput", data: ##"{"$ref": "#/components/schemas/SearchResults"}"##,
            errors: [400, 401, 403, 429]),
        APIOperation(
            "post", "search/query", "Same as POST /search", tag: "Search", scope: "search:read", body: "SearchInput",
            data: ##"{"$ref": "#/components/schemas/SearchResults"}"##, errors: [400, 401, 403, 429]),
        APIOperation(
            "post", "search/suggestions", "Query suggestions: your merchants, then templates", tag: "Search",
            scope: "search:read", body: "SuggestionInput",
            data: ##"""
                {"type": "object", "required": ["query", "suggestions"], "properties": {
                  "query": {"type": "string"}, "suggestions": {"type": "array", "maxItems": 5, "items": {"type": "string"}}}}
                """##, errors: [400, 401, 403, 429]),
        APIOperation(
            "get", "search/sources", "Searchable sources for the caller's tier", tag: "Search", scope: "search:read",
            data: ##"""
                {"type": "object", "required": ["sources", "tier", "totalAvailable"], "properties": {
                  "sources": {"type": "array", "items": {"type": "object",
                    "required": ["id", "name", "description", "available", "icon"],
                    "properties": {"id": {"type": "string"}, "name": {"type": "string"},
                      "description": {"type": "string"}, "available": {"type": "boolean"}, "icon": {"type": "string"}}}},
                  "tier": {"type": "string"}, "totalAvailable": {"type": "integer"}}}
                """##, errors: [401, 403, 429]),
        .notImplemented("get", "gamification/profile", tag: "Gamification", scope: "gamification:read"),
        .notImplemented("get", "gamification/leaderboard", tag: "Gamification", scope: "gamification:read")
    ]

    static let insightSchemas = ##"""
        {
          "SpendingShare": {
            "type": "object", "required": ["amount", "count", "percentage"],
            "properties": {"amount": {"type": "number"}, "count": {"type": "integer"}, "percentage": {"type": "number"}}
          },
          "SpendingSummary": {
            "type": "object", "required": ["totalAmount", "totalReceipts", "averageAmount", "currency", "period"],
            "properties": {"totalAmount": {"type": "number"}, "totalReceipts": {"type": "integer"},
              "averageAmount": {"type": "number"}, "currency": {"type": "string"}, "period": {"type": "string"}}
          },
          "SpendingOverview": {
            "type": "object",
            "required": ["summary", "categoryBreakdown", "trends", "topMerchants", "paymentMethods", "insights"],
            "properties": {
              "summary": {"$ref": "#/components/schemas/SpendingSummary"},
              "categoryBreakdown": {"type": "array", "items": {"allOf": [{"$ref": "#/components/schemas/SpendingShare"},
                {"type": "object", "required": ["category"], "properties": {"category": {"type": "string"}}}]}},
              "trends": {"type": "array"},
              "topMerchants": {"type": "array", "maxItems": 10, "items": {"type": "object",
                "required": ["merchant", "amount", "count"], "properties": {"merchant": {"type": "string"},
                "amount": {"type": "number"}, "count": {"type": "integer"}}}},
              "paymentMethods": {"type": "array", "items": {"allOf": [{"$ref": "#/components/schemas/SpendingShare"},
                {"type": "object", "required": ["method"], "properties": {"method": {"type": "string"}}}]}},
              "insights": {"type": "array", "maxItems": 3, "items": {"type": "string"}}
            }
          },
          "SearchInput": {
            "type": "object", "required": ["query"],
            "properties": {
              "query": {"type": "string", "minLength": 1, "maxLength": 500},
              "sources": {"type": "array", "minItems": 1, "items": {"type": "string",
                "enum": ["receipts", "claims", "business_directory", "team_members", "custom_categories"]}},
              "filters": {"type": "object", "properties": {"teamId": {"type": "string", "format": "uuid"}}},
              "limit": {"type": "integer", "minimum": 1, "maximum": 100, "default": 20},
              "offset": {"type": "integer", "minimum": 0, "default": 0},
              "includeEmbeddings": {"type": "boolean", "description": "Accepted for compatibility; no embeddings exist."}
            }
          },
          "SuggestionInput": {"type": "object", "required": ["query"], "properties": {"query": {"type": "string"}}},
          "SearchResults": {
            "type": "object", "required": ["searchType", "results", "total", "query", "sources", "executionTime"],
            "properties": {
              "searchType": {"const": "lexical"},
              "results": {"type": "array", "items": {"type": "object",
                "required": ["id", "type", "title", "content", "metadata", "similarity", "highlights"],
                "properties": {"id": {"type": "string"},
                  "type": {"type": "string", "enum": ["receipt", "claim", "team_member", "custom_category", "business"]},
                  "title": {"type": "string"}, "content": {"type": ["string", "null"]}, "metadata": {"type": "object"},
                  "similarity": {"type": "number", "description": "Postgres ts_rank of the match"},
                  "highlights": {"type": "array", "maxItems": 3, "items": {"type": "string"}}}}},
              "total": {"type": "integer"}, "query": {"type": "string"},
              "sources": {"type": "array", "items": {"type": "string"}}, "executionTime": {"type": "number"},
              "suggestions": {"type": ["array", "null"], "items": {"type": "string"}}
            }
          }
        }
        """##
}
