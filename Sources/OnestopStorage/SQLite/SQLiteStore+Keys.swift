import Foundation
import GRDB
import OnestopDomain

extension SQLiteStore: KeyStore {
    public func createKey(role: AccessKey.Role, name: String, station: String?, actor: String) async throws -> (key: AccessKey, token: String) {
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
        try await writer.write { db in
            if let station, try StationRecord.fetchOne(db, key: station) == nil {
                throw StoreError.unknownStation(station)
            }
            try record.insert(db)
            let changes = [
                FieldChange(field: "role", old: nil, new: "\"\(role.rawValue)\""),
                FieldChange(field: "name", old: nil, new: "\"\(trimmed)\""),
                FieldChange(field: "prefix", old: nil, new: "\"\(record.prefix)\""),
            ] + (station.map { [FieldChange(field: "station", old: nil, new: "\"\($0)\"")] } ?? [])
            try Self.write(db, audit: .key, id: record.id, action: .create, changes: changes, actor: actor, at: Milliseconds.date(record.createdAt))
        }
        return (record.key, token)
    }

    public func authenticate(token: String) async throws -> AccessKey? {
        guard token.hasPrefix(AccessToken.scheme), token.count < 200 else { return nil }
        let hash = AccessToken.hash(token)
        return try await writer.read { db in
            try AccessKeyRecord.filter(AccessKeyRecord.Columns.tokenHash == hash).fetchOne(db)
        }.flatMap { $0.revokedAt == nil ? $0.key : nil }
    }

    public func keys() async throws -> [AccessKey] {
        try await writer.read { db in
            try AccessKeyRecord.order(AccessKeyRecord.Columns.createdAt).fetchAll(db).map(\.key)
        }
    }

    public func revokeKey(id: String, actor: String) async throws -> AccessKey? {
        try await writer.write { db in
            guard var record = try AccessKeyRecord.fetchOne(db, key: id) else { return nil }
            if record.revokedAt == nil {
                let now = Milliseconds.now()
                record.revokedAt = Milliseconds.from(now)
                try record.update(db)
                try Self.write(db, audit: .key, id: id, action: .revoke, changes: [], actor: actor, at: now)
            }
            return record.key
        }
    }
}

