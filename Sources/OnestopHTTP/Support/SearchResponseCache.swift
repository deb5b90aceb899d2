import Hummingbird
import Synchronization

/// Recent search answers, as the bytes sent, for the catalog version they were computed from.
///
/// Firms ask the same few questions (计量, 检测, 茶叶) again and again; an answer is reused only while
/// the catalog version is unchanged, so no edit is ever hidden. At most `capacity` answers are kept;
/// the oldest goes first.
final class SearchResponseCache: Sendable {
    private struct State {
        var version: Int64 = -1
        var answers: [String: ByteBuffer] = [:]
        var order: [String] = []
    }

    let capacity: Int
    private let state = Mutex(State())

    init(capacity: Int = 1024) {
        self.capacity = capacity
    }

    func answer(for key: String, at version: Int64) -> ByteBuffer? {
        guard capacity > 0 else { return nil }
        return state.withLock { state in state.version == version ? state.answers[key] : nil }
    }

    func store(_ answer: ByteBuffer, for key: String, at version: Int64) {
        guard capacity > 0 else { return }
        state.withLock { state in
            if state.version != version {
                guard version > state.version else { return }
                state = State(version: version)
            }
            if state.answers.updateValue(answer, forKey: key) == nil { state.order.append(key) }
            if state.order.count > capacity {
                let evicted = state.order.count - capacity
                for key in state.order.prefix(evicted) { state.answers.removeValue(forKey: key) }
                state.order.removeFirst(evicted)
            }
        }
    }
}
