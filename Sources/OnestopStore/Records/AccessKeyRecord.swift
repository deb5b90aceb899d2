import Foundation
import OnestopDomain

package struct AccessKeyRecord: Codable, TableRow {
    /// The table the record is a row of.
    package static let table = "access_key"
    package var id: String
    package var role: String
    package var stationId: String?
    package var name: String
    package var prefix: String
    package var tokenHash: String
    package var createdAt: Int64
    package var revokedAt: Int64?

    package enum CodingKeys: String, CodingKey, CaseIterable {
        case id, role, stationId = "station_id", name, prefix, tokenHash = "token_hash", createdAt = "created_at",
            revokedAt = "revoked_at"
    }

    package var key: AccessKey {
        AccessKey(
            id: id, role: AccessKey.Role(rawValue: role) ?? .station, station: stationId, name: name, prefix: prefix,
            createdAt: Milliseconds.date(createdAt), revokedAt: revokedAt.map(Milliseconds.date)
        )
    }
}

extension AccessKeyRecord {
    /// A new key's record and its token, after checking the name and the role's station.
    package static func new(role: AccessKey.Role, name: String, station: String?) throws -> (AccessKeyRecord, String) {
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
    package func creationAudit(actor: String) -> AuditRecord {
        let changes = [
            FieldChange(field: "role", old: nil, new: "\"\(role)\""),
            FieldChange(field: "name", old: nil, new: "\"\(name)\""),
            FieldChange(field: "prefix", old: nil, new: "\"\(prefix)\""),
        ] + (stationId.map { [FieldChange(field: "station", old: nil, new: "\"\($0)\"")] } ?? [])
        return AuditRecord(.key, id, .create, changes: changes, actor: actor, at: Milliseconds.date(createdAt))
    }
}
