#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The process's limit on open files, which caps connections before `--max-connections` does.
enum FileDescriptorLimit {
    /// Descriptors kept for the database, outbound deliveries and files besides client connections.
    static let reserve = 256

    /// Raises the soft limit towards `connections` plus ``reserve`` (never above the hard limit) and
    /// answers the number of connections the limit now allows.
    static func raise(forConnections connections: Int) -> Int {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return connections }
        let wanted = rlim_t(connections + reserve)
        if limit.rlim_cur < wanted {
            var raised = limit
            raised.rlim_cur = min(wanted, limit.rlim_max)
            if setrlimit(Int32(RLIMIT_NOFILE.rawValue), &raised) == 0 { limit = raised }
        }
        return limit.rlim_cur >= wanted ? connections : max(0, Int(limit.rlim_cur) - reserve)
    }
}
