import GRDB
import OnestopStore

// The shared records as GRDB reads and writes them: each table by its name, the columns queries filter and order by.

extension TableRecord where Self: TableRow {
    package static var databaseTableName: String { table }
}

extension MutablePersistableRecord where Self: GeneratedIDRow {
    package mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}

extension RegionRecord: FetchableRecord, PersistableRecord {
    package enum Columns {
        static let code = Column(CodingKeys.code)
        static let position = Column(CodingKeys.position)
    }
}

extension CategoryRecord: FetchableRecord, PersistableRecord {
    package enum Columns {
        static let code = Column(CodingKeys.code)
        static let position = Column(CodingKeys.position)
    }
}

extension StationRecord: FetchableRecord, PersistableRecord {
    package enum Columns {
        static let id = Column(CodingKeys.id)
        static let status = Column(CodingKeys.status)
        static let position = Column(CodingKeys.position)
    }
}

extension CalendarYearRecord: FetchableRecord, PersistableRecord {
    package enum Columns {
        static let year = Column(CodingKeys.year)
    }
}

extension LedgerRecord: FetchableRecord {}
extension AssessmentFactRecord: FetchableRecord {}
extension AssessmentFactRecord.Event: FetchableRecord {}

extension ServiceRecord: FetchableRecord, MutablePersistableRecord {
    package enum Columns {
        static let id = Column(CodingKeys.id)
        static let code = Column(CodingKeys.code)
        static let stationId = Column(CodingKeys.stationId)
        static let category = Column(CodingKeys.category)
        static let status = Column(CodingKeys.status)
    }
}

extension AuditRecord: FetchableRecord, MutablePersistableRecord {
    package enum Columns {
        static let id = Column(CodingKeys.id)
        static let entity = Column(CodingKeys.entity)
        static let entityId = Column(CodingKeys.entityId)
    }
}

extension AccessKeyRecord: FetchableRecord, PersistableRecord {
    package enum Columns {
        static let tokenHash = Column(CodingKeys.tokenHash)
        static let createdAt = Column(CodingKeys.createdAt)
    }
}

extension ServiceRequestRecord: FetchableRecord, PersistableRecord {
    package enum Columns {
        static let stationId = Column(CodingKeys.stationId)
        static let status = Column(CodingKeys.status)
    }
}

extension EvaluationRecord: FetchableRecord, PersistableRecord {}

extension RequestEventRecord: FetchableRecord, MutablePersistableRecord {
    package enum Columns {
        static let id = Column(CodingKeys.id)
        static let requestId = Column(CodingKeys.requestId)
    }
}

extension RoutingRecordRow: FetchableRecord, MutablePersistableRecord {
    package enum Columns {
        static let id = Column(CodingKeys.id)
        static let requestId = Column(CodingKeys.requestId)
    }
}

extension EndpointRecord: FetchableRecord, PersistableRecord {
    /// Read by column name without a JSON decoder: every claim and settle reads the rows of its endpoints.
    package init(row: Row) throws {
        self.init(
            id: row["id"], stationId: row["station_id"], url: row["url"], eventTypes: JSONStringList.decode(row["event_types"] ?? "[]"),
            description: row["description"], enabled: row["enabled"], secret: row["secret"], previousSecret: row["previous_secret"],
            previousSecretUntil: row["previous_secret_until"], createdAt: row["created_at"], updatedAt: row["updated_at"],
            disabledAt: row["disabled_at"], disabledReason: row["disabled_reason"], failingSince: row["failing_since"],
            lastSuccessAt: row["last_success_at"], deletedAt: row["deleted_at"], format: row["format"], keyword: row["keyword"],
            mentionMobiles: JSONStringList.decode(row["mention_mobiles"] ?? "[]"), ratePerMinute: row["rate_per_minute"],
            ratePerSecond: row["rate_per_second"], pausedUntil: row["paused_until"], robotContact: row["robot_contact"])
    }

    package enum Columns {
        static let id = Column(CodingKeys.id)
        static let stationId = Column(CodingKeys.stationId)
        static let createdAt = Column(CodingKeys.createdAt)
        static let deletedAt = Column(CodingKeys.deletedAt)
    }
}

extension DeliveryRecord: FetchableRecord, MutablePersistableRecord {
    /// Read by column name without a decoder: claims read every delivery they take. Without a `payload` column, no body.
    package init(row: Row) throws {
        self.init(
            id: row["id"], messageId: row["message_id"], endpointId: row["endpoint_id"], eventType: row["event_type"], requestId: row["request_id"],
            payload: row.hasColumn("payload") ? row["payload"] : nil, status: row["status"], attempts: row["attempts"],
            nextAttemptAt: row["next_attempt_at"], lease: row["lease"], createdAt: row["created_at"], lastAttemptAt: row["last_attempt_at"],
            lastStatusCode: row["last_status_code"], lastError: row["last_error"])
    }
}

extension StationDeliveryRecord: FetchableRecord {}

extension DeliveryAttemptRecord: FetchableRecord, MutablePersistableRecord {
    package enum Columns {
        static let id = Column(CodingKeys.id)
        static let deliveryId = Column(CodingKeys.deliveryId)
    }
}

extension StaffAlertRecord: FetchableRecord, MutablePersistableRecord {
    package enum Columns {
        static let id = Column(CodingKeys.id)
        static let at = Column(CodingKeys.at)
        static let kind = Column(CodingKeys.kind)
        static let endpointId = Column(CodingKeys.endpointId)
    }
}

extension ConsoleSessionRecord: FetchableRecord, PersistableRecord {
    package enum Columns {
        static let tokenHash = Column(CodingKeys.tokenHash)
        static let expiresAt = Column(CodingKeys.expiresAt)
    }
}

extension KeyedSessionRecord: FetchableRecord {}

extension PeriodicLeaseRecord: FetchableRecord, PersistableRecord {}

extension EndpointSendRecord: FetchableRecord, PersistableRecord {
    package enum Columns {
        static let endpointId = Column(CodingKeys.endpointId)
        static let at = Column(CodingKeys.at)
    }
}

extension OutboxPlan.Endpoint: FetchableRecord {}

extension IdempotencyKeyRecord: FetchableRecord, PersistableRecord {}

extension NoticeRecord: FetchableRecord, MutablePersistableRecord {}
