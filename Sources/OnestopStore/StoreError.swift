import OnestopDomain

/// A store operation that cannot be done as asked.
public struct StoreError: Error, Sendable, Equatable, CustomStringConvertible {
    private enum Code: Sendable, Equatable {
        case unknownStation(String)
        case invalidKeyName
        case stationKeyNeedsStation
        case staffKeyHasStation
        case unsupportedDatabase(String)
        case alreadyExists(AuditEntry.Entity, String)
    }

    private let code: Code

    private init(_ code: Code) {
        self.code = code
    }

    public static func unknownStation(_ id: String) -> StoreError { StoreError(.unknownStation(id)) }
    public static let invalidKeyName = StoreError(.invalidKeyName)
    public static let stationKeyNeedsStation = StoreError(.stationKeyNeedsStation)
    public static let staffKeyHasStation = StoreError(.staffKeyHasStation)
    public static func unsupportedDatabase(_ location: String) -> StoreError { StoreError(.unsupportedDatabase(location)) }
    /// A change that was to create `id` found it there already, and wrote nothing.
    public static func alreadyExists(_ entity: AuditEntry.Entity, _ id: String) -> StoreError { StoreError(.alreadyExists(entity, id)) }

    /// What a refused creation found already there.
    public var existing: (entity: AuditEntry.Entity, id: String)? {
        if case .alreadyExists(let entity, let id) = code { return (entity, id) }
        return nil
    }

    public var description: String {
        switch code {
        case .unknownStation(let id): "服务站不存在：\(id) (unknown station \(id))"
        case .invalidKeyName: "密钥名称应为 1 至 80 个字符 (key name must be 1 to 80 characters)"
        case .stationKeyNeedsStation: "服务站密钥须指定服务站 (a station key needs a station)"
        case .staffKeyHasStation: "工作人员密钥不能指定服务站 (a staff key takes no station)"
        case .unsupportedDatabase(let location): "不支持的数据库地址：\(location) (unsupported database location \(location))"
        case .alreadyExists(let entity, let id): "\(entity.rawValue) \(id) 已存在 (\(entity.rawValue) \(id) already exists)"
        }
    }
}
