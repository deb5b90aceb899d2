/// Everything onestop keeps. The SQLite store is the embedded default; the PostgreSQL store serves several instances.
public typealias Storage = CatalogStore & KeyStore & AuditStore & RequestStore & DeliveryStore & NoticeStore & SessionStore & LeaseStore & RetentionStore
