/// The conditions receipt listings and spending analytics share.
extension SQLBuilder {
    /// Only `owner`'s receipts: a user's own, or a team's.
    mutating func filter(owner: ReceiptFilter.Owner) throws {
        switch owner {
        case .user(let userID): try filter("user_id = $?", userID)
        case .team(let teamID): try filter("team_id = $?", teamID)
        }
    }

    /// Receipt dates from `start` through `end` (`YYYY-MM-DD`, inclusive); a nil bound is open.
    mutating func filter(datesFrom start: String?, through end: String?) throws {
        try filter("date >= $?::date", start)
        try filter("date <= $?::date", end)
    }
}
