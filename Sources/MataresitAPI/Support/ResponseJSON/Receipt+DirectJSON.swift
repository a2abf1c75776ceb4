import MataresitStore

/// `Receipt.encode(to:)`'s members in key order (`category` is the alias of `predicted_category`).
extension Receipt: DirectJSON {
    func writeJSON(to object: inout JSONObjectWriter) {
        object.field("category", category)
        object.field("created_at", createdAt)
        object.field("currency", currency)
        object.field("custom_category_id", id: customCategoryID)
        object.field("date", date)
        object.field("fullText", fullText)
        object.field("id", id: id)
        object.field("image_url", imageURL)
        object.field("merchant", merchant)
        object.field("normalized_merchant", normalizedMerchant)
        object.field("payment_method", paymentMethod)
        object.field("predicted_category", category)
        object.field("processing_status", processingStatus)
        object.field("status", status)
        object.field("tax", tax)
        object.field("team_id", id: teamID)
        object.field("thumbnail_url", thumbnailURL)
        object.field("total", total)
        object.field("updated_at", updatedAt)
        object.field("user_id", id: userID)
    }
}
