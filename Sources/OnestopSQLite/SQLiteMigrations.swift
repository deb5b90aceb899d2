import GRDB

/// The SQLite schema as named migrations: the same tables and columns as the PostgreSQL store's, with SQLite's
/// types (INTEGER milliseconds since 1970 for times, JSON text for lists and nested values).
enum SQLiteMigrations {
    /// A migration that has shipped is never edited, only followed by new ones.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("catalog-v1") { db in
            try db.execute(sql: """
                CREATE TABLE region (
                    code TEXT PRIMARY KEY NOT NULL,
                    name TEXT NOT NULL,
                    name_en TEXT,
                    kind TEXT NOT NULL,
                    parent TEXT,
                    position INTEGER NOT NULL
                );
                CREATE TABLE category (
                    code TEXT PRIMARY KEY NOT NULL,
                    parent TEXT,
                    name TEXT NOT NULL,
                    name_en TEXT NOT NULL,
                    description TEXT,
                    position INTEGER NOT NULL
                );
                CREATE INDEX category_parent ON category(parent);
                CREATE TABLE station (
                    id TEXT PRIMARY KEY NOT NULL,
                    name TEXT NOT NULL,
                    name_en TEXT,
                    kind TEXT NOT NULL,
                    region TEXT NOT NULL,
                    address TEXT NOT NULL,
                    phone TEXT NOT NULL,
                    email TEXT,
                    website TEXT,
                    hours TEXT NOT NULL,
                    modes INTEGER NOT NULL,
                    industries TEXT NOT NULL,
                    capacity INTEGER NOT NULL,
                    status TEXT NOT NULL,
                    latitude REAL,
                    longitude REAL,
                    description TEXT,
                    acknowledge_days INTEGER,
                    position INTEGER NOT NULL,
                    last_modified INTEGER NOT NULL
                );
                CREATE INDEX station_region ON station(region);
                CREATE TABLE service (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    code TEXT NOT NULL UNIQUE,
                    station_id TEXT NOT NULL REFERENCES station(id),
                    category TEXT NOT NULL REFERENCES category(code),
                    name TEXT NOT NULL,
                    name_en TEXT,
                    description TEXT NOT NULL,
                    keywords TEXT NOT NULL,
                    fee_description TEXT NOT NULL,
                    fee_min_cny INTEGER,
                    fee_max_cny INTEGER,
                    turnaround_days INTEGER,
                    accreditations TEXT NOT NULL,
                    modes INTEGER NOT NULL,
                    eligibility TEXT,
                    documents TEXT NOT NULL,
                    status TEXT NOT NULL,
                    last_modified INTEGER NOT NULL
                );
                CREATE INDEX service_station ON service(station_id);
                CREATE INDEX service_category ON service(category);
                -- Bumped by every catalog change, so that every process can tell when its search index is stale.
                CREATE TABLE catalog_version (
                    id INTEGER PRIMARY KEY CHECK (id = 1),
                    version INTEGER NOT NULL
                );
                INSERT INTO catalog_version (id, version) VALUES (1, 0);
                CREATE TABLE audit (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    at INTEGER NOT NULL,
                    actor TEXT NOT NULL,
                    entity TEXT NOT NULL,
                    entity_id TEXT NOT NULL,
                    action TEXT NOT NULL,
                    changes TEXT NOT NULL
                );
                CREATE INDEX audit_entity ON audit(entity, entity_id);
                CREATE TABLE access_key (
                    id TEXT PRIMARY KEY NOT NULL,
                    role TEXT NOT NULL,
                    station_id TEXT REFERENCES station(id),
                    name TEXT NOT NULL,
                    prefix TEXT NOT NULL,
                    token_hash TEXT NOT NULL UNIQUE,
                    created_at INTEGER NOT NULL,
                    revoked_at INTEGER
                );
                """)
        }
        migrator.registerMigration("requests-v1") { db in
            try db.execute(sql: """
                CREATE TABLE service_request (
                    id TEXT PRIMARY KEY NOT NULL,
                    token_nonce TEXT NOT NULL,
                    status TEXT NOT NULL,
                    enterprise TEXT NOT NULL,
                    region TEXT NOT NULL,
                    service_code TEXT,
                    category_code TEXT,
                    description TEXT NOT NULL,
                    mode TEXT NOT NULL,
                    preferred_station TEXT,
                    station_id TEXT,
                    service TEXT,
                    acknowledge_by INTEGER,
                    declined_by TEXT NOT NULL,
                    created_at INTEGER NOT NULL,
                    updated_at INTEGER NOT NULL
                );
                CREATE INDEX service_request_station ON service_request(station_id, status);
                CREATE INDEX service_request_status ON service_request(status, acknowledge_by);
                CREATE INDEX service_request_created ON service_request(created_at);
                CREATE TABLE request_event (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    request_id TEXT NOT NULL REFERENCES service_request(id),
                    at INTEGER NOT NULL,
                    actor TEXT NOT NULL,
                    action TEXT,
                    from_status TEXT,
                    to_status TEXT NOT NULL,
                    note TEXT,
                    internal INTEGER NOT NULL
                );
                CREATE INDEX request_event_request ON request_event(request_id, id);
                CREATE INDEX request_event_action ON request_event(action, request_id);
                CREATE TABLE routing_record (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    request_id TEXT NOT NULL REFERENCES service_request(id),
                    at INTEGER NOT NULL,
                    decision TEXT NOT NULL
                );
                CREATE INDEX routing_record_request ON routing_record(request_id, id);
                -- The last number given out per id prefix and day: LA-20261126-0042.
                CREATE TABLE request_sequence (
                    prefix_day TEXT PRIMARY KEY NOT NULL,
                    last INTEGER NOT NULL
                );
                -- Open requests per station, kept with every change, so that routing reads the load in one step.
                CREATE TABLE station_load (
                    station_id TEXT PRIMARY KEY NOT NULL,
                    open INTEGER NOT NULL
                );
                CREATE TABLE idempotency_key (
                    key TEXT PRIMARY KEY NOT NULL,
                    body_digest TEXT NOT NULL,
                    request_id TEXT NOT NULL REFERENCES service_request(id),
                    created_at INTEGER NOT NULL
                );
                """)
        }
        migrator.registerMigration("deliveries-v1") { db in
            try db.execute(sql: """
                CREATE TABLE webhook_endpoint (
                    id TEXT PRIMARY KEY NOT NULL,
                    station_id TEXT NOT NULL REFERENCES station(id),
                    url TEXT NOT NULL,
                    event_types TEXT NOT NULL,
                    description TEXT,
                    enabled INTEGER NOT NULL,
                    secret TEXT NOT NULL,
                    previous_secret TEXT,
                    previous_secret_until INTEGER,
                    created_at INTEGER NOT NULL,
                    updated_at INTEGER NOT NULL,
                    disabled_at INTEGER,
                    disabled_reason TEXT,
                    failing_since INTEGER,
                    last_success_at INTEGER,
                    deleted_at INTEGER
                );
                CREATE INDEX webhook_endpoint_station ON webhook_endpoint(station_id);
                -- The outbox: one row per event and endpoint, written with the change that causes it.
                -- While a worker holds a delivery, next_attempt_at is the end of its lease.
                CREATE TABLE delivery (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    message_id TEXT NOT NULL UNIQUE,
                    endpoint_id TEXT NOT NULL REFERENCES webhook_endpoint(id),
                    event_type TEXT NOT NULL,
                    request_id TEXT,
                    payload BLOB NOT NULL,
                    status TEXT NOT NULL,
                    attempts INTEGER NOT NULL,
                    next_attempt_at INTEGER,
                    lease INTEGER,
                    created_at INTEGER NOT NULL,
                    last_attempt_at INTEGER,
                    last_status_code INTEGER,
                    last_error TEXT
                );
                CREATE INDEX delivery_due ON delivery(next_attempt_at) WHERE status = 'pending';
                CREATE INDEX delivery_endpoint_due ON delivery(endpoint_id, next_attempt_at) WHERE status = 'pending';
                CREATE INDEX delivery_endpoint ON delivery(endpoint_id, status, created_at);
                CREATE INDEX delivery_request ON delivery(request_id);
                CREATE INDEX delivery_status ON delivery(status, created_at);
                CREATE TABLE delivery_attempt (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    delivery_id INTEGER NOT NULL REFERENCES delivery(id),
                    at INTEGER NOT NULL,
                    status_code INTEGER,
                    duration_ms INTEGER NOT NULL,
                    response TEXT,
                    error TEXT
                );
                CREATE INDEX delivery_attempt_delivery ON delivery_attempt(delivery_id, id);
                CREATE TABLE staff_alert (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    at INTEGER NOT NULL,
                    kind TEXT NOT NULL,
                    endpoint_id TEXT,
                    station_id TEXT,
                    message TEXT NOT NULL
                );
                """)
        }
        migrator.registerMigration("console-v1") { db in
            try db.execute(sql: """
                CREATE TABLE console_session (
                    token_hash TEXT PRIMARY KEY NOT NULL,
                    key_id TEXT NOT NULL REFERENCES access_key(id),
                    created_at INTEGER NOT NULL,
                    expires_at INTEGER NOT NULL
                );
                CREATE INDEX console_session_expiry ON console_session(expires_at);
                """)
        }
        migrator.registerMigration("leases-v1") { db in
            try db.execute(sql: """
                -- Periodic work (deadline escalation) runs in one process at a time: whoever holds the lease.
                CREATE TABLE periodic_lease (
                    name TEXT PRIMARY KEY NOT NULL,
                    holder TEXT NOT NULL,
                    until INTEGER NOT NULL
                );
                """)
        }
        migrator.registerMigration("robots-v1") { db in
            try db.execute(sql: """
                -- Group-chat robots: what an endpoint is sent, a DingTalk keyword, mobiles to mention, and a rate
                -- limit (null: the platform's). An empty secret means a robot created without signing.
                ALTER TABLE webhook_endpoint ADD COLUMN format TEXT NOT NULL DEFAULT 'standard';
                ALTER TABLE webhook_endpoint ADD COLUMN keyword TEXT;
                ALTER TABLE webhook_endpoint ADD COLUMN mention_mobiles TEXT NOT NULL DEFAULT '[]';
                ALTER TABLE webhook_endpoint ADD COLUMN rate_per_minute INTEGER;
                ALTER TABLE webhook_endpoint ADD COLUMN rate_per_second INTEGER;
                -- Nothing is sent before this: the platform said the robot sent too much.
                ALTER TABLE webhook_endpoint ADD COLUMN paused_until INTEGER;
                -- Sends reserved under an endpoint's rate limit, by every process, kept for the longest window.
                CREATE TABLE endpoint_send (
                    endpoint_id TEXT NOT NULL REFERENCES webhook_endpoint(id),
                    at INTEGER NOT NULL
                );
                CREATE INDEX endpoint_send_endpoint ON endpoint_send(endpoint_id, at);
                -- A robot's pending deliveries, oldest first.
                CREATE INDEX delivery_endpoint_pending ON delivery(endpoint_id, id) WHERE status = 'pending';
                """)
        }
        migrator.registerMigration("robot-contact-v1") { db in
            try db.execute(sql: """
                -- Whether a group robot shows the firm's phone in full (masked otherwise).
                ALTER TABLE webhook_endpoint ADD COLUMN robot_contact TEXT NOT NULL DEFAULT 'masked';
                """)
        }
        migrator.registerMigration("calendar-v1") { db in
            // One year of the working-day calendar per row; its holidays (days off, make-up days) as JSON.
            try db.execute(sql: """
                CREATE TABLE calendar_year (
                    year INTEGER PRIMARY KEY NOT NULL,
                    notice TEXT NOT NULL,
                    published TEXT,
                    source TEXT,
                    holidays TEXT NOT NULL,
                    position INTEGER NOT NULL,
                    last_modified INTEGER NOT NULL
                );
                """)
        }
        migrator.registerMigration("fees-v1") { db in
            // Whether a service is free and, when it is not, the institution that charges. A service stored before
            // says it is free only when its range was 0 to 0; the next import of the catalog files says it exactly.
            try db.execute(sql: """
                ALTER TABLE service ADD COLUMN fee_free INTEGER NOT NULL DEFAULT 0;
                ALTER TABLE service ADD COLUMN fee_charged_by TEXT;
                UPDATE service SET fee_free = 1 WHERE fee_max_cny = 0;
                """)
        }
        migrator.registerMigration("promises-v1") { db in
            // Each station's caseworkers; on a request, the caseworker named, the promised day, and when it was
            // accepted, completed and announced overdue. Requests stored before take their times from their timelines.
            try db.execute(sql: """
                ALTER TABLE station ADD COLUMN caseworkers TEXT NOT NULL DEFAULT '[]';
                ALTER TABLE service_request ADD COLUMN caseworker_id TEXT;
                ALTER TABLE service_request ADD COLUMN caseworker_name TEXT;
                ALTER TABLE service_request ADD COLUMN caseworker_phone TEXT;
                ALTER TABLE service_request ADD COLUMN accepted_at INTEGER;
                ALTER TABLE service_request ADD COLUMN promised_on TEXT;
                ALTER TABLE service_request ADD COLUMN completed_at INTEGER;
                ALTER TABLE service_request ADD COLUMN overdue_at INTEGER;
                UPDATE service_request SET
                    accepted_at = (SELECT MAX(at) FROM request_event e WHERE e.request_id = service_request.id AND e.action = 'accept'),
                    completed_at = (SELECT MAX(at) FROM request_event e WHERE e.request_id = service_request.id AND e.action = 'complete');
                -- What the overdue check looks for: open promises not yet announced.
                CREATE INDEX service_request_promise ON service_request(promised_on)
                    WHERE overdue_at IS NULL AND status IN ('accepted', 'in_progress');
                CREATE INDEX service_request_caseworker ON service_request(station_id, caseworker_id);
                """)
        }
        migrator.registerMigration("evaluations-v1") { db in
            // When a request reached its final status (the firm's window to evaluate counts from it; requests stored
            // before take it from their timelines), and each request's one evaluation with its follow-up and appeal.
            try db.execute(sql: """
                ALTER TABLE service_request ADD COLUMN closed_at INTEGER;
                UPDATE service_request SET closed_at = COALESCE(completed_at,
                        (SELECT MAX(at) FROM request_event e WHERE e.request_id = service_request.id
                         AND e.action IN ('complete', 'cancel', 'close_unserviceable')), updated_at)
                    WHERE status IN ('completed', 'cancelled', 'unserviceable');
                CREATE TABLE evaluation (
                    request_id TEXT PRIMARY KEY NOT NULL REFERENCES service_request(id),
                    station_id TEXT,
                    caseworker_id TEXT,
                    caseworker_name TEXT,
                    caseworker_phone TEXT,
                    overall TEXT NOT NULL,
                    efficiency TEXT,
                    proficiency TEXT,
                    attitude TEXT,
                    comment TEXT,
                    evaluated_at INTEGER NOT NULL,
                    follow_up_due INTEGER,
                    follow_up_answer TEXT,
                    follow_up_answered_at INTEGER,
                    follow_up_answered_by TEXT,
                    callback_reached INTEGER,
                    callback_note TEXT,
                    callback_at INTEGER,
                    callback_by TEXT,
                    follow_up_escalated_at INTEGER,
                    appeal_reason TEXT,
                    appealed_at INTEGER,
                    appealed_by TEXT,
                    appeal_decision TEXT,
                    appeal_decision_reason TEXT,
                    appeal_decided_at INTEGER,
                    appeal_decided_by TEXT
                );
                CREATE INDEX evaluation_station ON evaluation(station_id, evaluated_at);
                CREATE INDEX evaluation_time ON evaluation(evaluated_at);
                -- What the escalator looks for: bad reviews whose follow-up is unanswered and not escalated yet.
                CREATE INDEX evaluation_follow_up ON evaluation(follow_up_due)
                    WHERE follow_up_due IS NOT NULL AND follow_up_answered_at IS NULL AND follow_up_escalated_at IS NULL;
                """)
        }
        migrator.registerMigration("notices-v1") { db in
            // What the firm agreed to hear by SMS and email and whether it stopped; the short link's lookup key (the
            // SHA-256 of the code, which only the server can make); the notices themselves, an outbox of their own,
            // their attempts, and the sends per recipient that the per-number limits count.
            try db.execute(sql: """
                ALTER TABLE service_request ADD COLUMN notify_sms INTEGER NOT NULL DEFAULT 0;
                ALTER TABLE service_request ADD COLUMN notify_email INTEGER NOT NULL DEFAULT 0;
                ALTER TABLE service_request ADD COLUMN notices_stopped_at INTEGER;
                ALTER TABLE service_request ADD COLUMN sms_unreachable_at INTEGER;
                ALTER TABLE service_request ADD COLUMN email_unreachable_at INTEGER;
                ALTER TABLE service_request ADD COLUMN short_link TEXT;
                CREATE UNIQUE INDEX service_request_short_link ON service_request(short_link) WHERE short_link IS NOT NULL;
                CREATE TABLE firm_notice (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    message_id TEXT NOT NULL UNIQUE,
                    request_id TEXT NOT NULL REFERENCES service_request(id),
                    event TEXT NOT NULL,
                    channel TEXT NOT NULL,
                    facts TEXT NOT NULL,
                    status TEXT NOT NULL,
                    attempts INTEGER NOT NULL,
                    next_attempt_at INTEGER,
                    lease INTEGER,
                    created_at INTEGER NOT NULL,
                    last_attempt_at INTEGER,
                    last_error TEXT,
                    provider_id TEXT
                );
                CREATE INDEX firm_notice_due ON firm_notice(next_attempt_at) WHERE status = 'pending';
                CREATE INDEX firm_notice_request ON firm_notice(request_id, id);
                CREATE INDEX firm_notice_status ON firm_notice(status, created_at);
                CREATE TABLE notice_attempt (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    notice_id INTEGER NOT NULL REFERENCES firm_notice(id),
                    at INTEGER NOT NULL,
                    duration_ms INTEGER NOT NULL,
                    outcome TEXT NOT NULL,
                    provider_code TEXT,
                    error TEXT
                );
                CREATE INDEX notice_attempt_notice ON notice_attempt(notice_id, id);
                CREATE TABLE notice_send (
                    recipient TEXT NOT NULL,
                    at INTEGER NOT NULL
                );
                CREATE INDEX notice_send_recipient ON notice_send(recipient, at);
                """)
        }
        return migrator
    }
}
