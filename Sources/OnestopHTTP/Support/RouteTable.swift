import Hummingbird
import Synchronization

/// The router's paths and the methods each answers, so that a known path asked with another method
/// gets 405 with an `Allow` header rather than 404.
final class RouteTable: Sendable {
    private let routes = Mutex<[(segments: [Substring], methods: Set<String>)]>([])

    /// Records the routes of a finished router.
    func load(_ descriptions: [Router<AppRequestContext>.RouteDescription]) {
        var byPath: [String: Set<String>] = [:]
        for route in descriptions { byPath[route.path.description, default: []].insert(route.method.rawValue) }
        routes.withLock { routes in
            routes = byPath.map { (Self.segments($0.key), $0.value) }
        }
    }

    /// The methods allowed on `path`, sorted; empty when no route has that path.
    func methods(for path: String) -> [String] {
        let requested = Self.segments(path)
        return routes.withLock { routes in
            routes.filter { route in
                route.segments.count == requested.count
                    && zip(route.segments, requested).allSatisfy { template, part in
                        template == part || template.hasPrefix("{") || template.hasPrefix(":")
                    }
            }.flatMap(\.methods)
        }.sorted()
    }

    static func segments(_ path: String) -> [Substring] {
        path.split(separator: "/", omittingEmptySubsequences: true)
    }
}
