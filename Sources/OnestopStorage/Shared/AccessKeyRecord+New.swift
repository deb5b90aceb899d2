import Foundation
import OnestopDomain

extension AccessKeyRecord {
    /// A new key's record and its token, after checking the name and the role's station.
    static func new(role: AccessKey.Role, name: String, station: String?) throws -> (AccessKeyRecord, String) {
        let trimmed = name.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (1...80).contains(trimmed.count) else { throw StoreError.invalidKeyName }
        switch (role, station) {
        case (.station, nil): throw StoreError.stationKeyNeedsStation
        case (.staff, .some): throw StoreError.staffKeyHasStation
        default: break
        }
        let token = AccessToken.generate()
        let record = AccessKeyRecord(
            id: "key_" + AccessToken.randomHex(bytes: 6), role: role.rawValue, stationId: station, name: trimmed,
            prefix: AccessToken.prefix(of: token), tokenHash: AccessToken.hash(token), createdAt: Milliseconds.from(Date()), revokedAt: nil
        )
        return (record, token)
    }

    /// The audit entry of the key's creation: never its hash.
    func creationAudit(actor: String) -> AuditRecord {
        let changes = [
            FieldChange(field: "role", old: nil, new: "\"\(role)\""),
            FieldChange(field: "name", old: nil, new: "\"\(name)\""),
            FieldChange(field: "prefix", old: nil, new: "\"\(prefix)\""),
        ] + (stationId.map { [FieldChange(field: "station", old: nil, new: "\"\($0)\"")] } ?? [])
        return AuditRecord(.key, id, .create, changes: changes, actor: actor, at: Milliseconds.date(createdAt))
    }
}

/// Console session tokens: `oss_` and 32 random bytes.
enum ConsoleSessionToken {
    static func generate() -> String {
        "oss_" + AccessToken.randomBase64URL(bytes: 32)
    }

    static func isWellFormed(_ token: String) -> Bool {
        token.hasPrefix("oss_") && token.count < 100
    }
}
