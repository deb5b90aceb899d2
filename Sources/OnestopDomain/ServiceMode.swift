/// How a service is delivered: online, at the station, or on site at the firm.
public enum ServiceMode: String, Codable, Sendable, CaseIterable, Comparable {
    case online
    case station
    case onsite

    public var nameZh: String {
        switch self {
        case .online: "线上办理"
        case .station: "到站办理"
        case .onsite: "上门服务"
        }
    }

    /// A bit per mode, so that a set of modes fits one indexed integer column.
    public var bit: Int {
        switch self {
        case .online: 1
        case .station: 2
        case .onsite: 4
        }
    }

    /// Each mode once, in the canonical order (online, station, onsite).
    public static func normalized(_ modes: [ServiceMode]) -> [ServiceMode] {
        allCases.filter(modes.contains)
    }

    public static func bits(_ modes: some Sequence<ServiceMode>) -> Int {
        modes.reduce(0) { $0 | $1.bit }
    }

    public static func modes(fromBits bits: Int) -> [ServiceMode] {
        allCases.filter { bits & $0.bit != 0 }
    }

    public static func < (lhs: ServiceMode, rhs: ServiceMode) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
