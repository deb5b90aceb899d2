import Hummingbird
import Synchronization

/// Recent search answers, as the bytes sent, for the catalog version they were computed from.
///
/// Firms ask the same few questions (计量, 检测, 茶叶) again and again; an answer is reused only while
/// the catalog version is unchanged, so no edit is ever hidden. The cache holds at most `maxBytes` of
/// keys and answers together (a thousand 70 KB query strings cannot fill memory), the oldest going
/// first. Keys are made by `key(_:)` from the known parameters only, so that junk in a query string
/// neither misses the cache nor fills it.
final class SearchResponseCache: Sendable {
    private struct State {
        var version: Int64 = -1
        var answers: [String: ByteBuffer] = [:]
        var order: [String] = []
        /// Where `order` starts: entries before it were evicted (compacted now and then).
        var head = 0
        var bytes = 0
    }

    /// Counted for each entry beside its key and answer: the dictionary's and the list's own share.
    static let entryOverhead = 96

    let maxBytes: Int
    private let state = Mutex(State())

    /// `maxBytes` 0 turns the cache off.
    init(maxBytes: Int = 32 << 20) {
        self.maxBytes = maxBytes
    }

    func answer(for key: String, at version: Int64) -> ByteBuffer? {
        guard maxBytes > 0 else { return nil }
        return state.withLock { state in state.version == version ? state.answers[key] : nil }
    }

    func store(_ answer: ByteBuffer, for key: String, at version: Int64) {
        let size = Self.size(key, answer)
        guard maxBytes > 0, size <= maxBytes / 2 else { return }
        state.withLock { state in
            if state.version != version {
                guard version > state.version else { return }
                state = State(version: version)
            }
            if let previous = state.answers.updateValue(answer, forKey: key) {
                state.bytes += answer.readableBytes - previous.readableBytes
            } else {
                state.order.append(key)
                state.bytes += size
            }
            while state.bytes > maxBytes, state.head < state.order.count {
                let oldest = state.order[state.head]
                state.head += 1
                if let evicted = state.answers.removeValue(forKey: oldest) { state.bytes -= Self.size(oldest, evicted) }
            }
            if state.head > 1024, state.head * 2 > state.order.count {
                state.order.removeFirst(state.head)
                state.head = 0
            }
        }
    }

    /// What the cache holds now, in bytes as it counts them.
    var bytes: Int { state.withLock { $0.bytes } }

    private static func size(_ key: String, _ answer: ByteBuffer) -> Int {
        key.utf8.count + answer.readableBytes + entryOverhead
    }

    /// The key for a query: its `known` parameters in a fixed order, each value as decoded, untrimmed (a page
    /// reads `lang=en ` otherwise than `lang=en`); nil when
    /// the query has an unknown or repeated parameter, which is answered without the cache.
    static func key(_ request: Request, known: [String], prefix: String) -> String? {
        let query = QueryString(request)
        guard query.malformed == nil else { return nil }
        var values: [String: String] = [:]
        for (name, value) in query {
            guard known.contains(name), values[name] == nil else { return nil }
            values[name] = value
        }
        var key = prefix
        for name in known {
            guard let value = values[name] else { continue }
            key += "\u{1F}\(name)=\(value)"
        }
        return key
    }
}
