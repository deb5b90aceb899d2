/// What one HTTP/1 connection is waiting for from its client, and so which deadline applies.
///
/// A pure state machine, told of the connection's events in order; each event answers whether to arm a
/// deadline (replacing any armed one), disarm it, or leave it. While the server is still answering a
/// request the client owes nothing, so no deadline runs.
struct ConnectionDeadlines: Equatable {
    /// What the client is expected to send next.
    enum Wait: Equatable, CustomStringConvertible {
        /// The rest of a request head (a new connection, or bytes after an answer).
        case head
        /// The rest of a request body, after its head.
        case body
        /// Anything at all: a kept-alive connection between requests.
        case idle

        var description: String {
            switch self {
            case .head: "request head"
            case .body: "request body"
            case .idle: "next request"
            }
        }
    }

    enum Action: Equatable {
        case arm(Wait)
        case disarm
        case keep
    }

    private var readingBody = false
    private var headStarted = false
    private var unanswered = 0
    /// Answers written before their request's body had been read (a refusal, say).
    private var answeredEarly = 0

    /// The connection is open: its first head is due.
    mutating func opened() -> Action {
        headStarted = false
        return .arm(.head)
    }

    /// Bytes arrived, before the decoder has read them.
    mutating func bytesArrived() -> Action {
        guard !readingBody, !headStarted else { return .keep }
        headStarted = true
        // Bytes sent while an answer is still being written wait for that answer.
        return unanswered == 0 ? .arm(.head) : .keep
    }

    /// A whole request head was decoded.
    mutating func headReceived() -> Action {
        headStarted = false
        readingBody = true
        return .arm(.body)
    }

    /// The request's body ended.
    mutating func requestEnded() -> Action {
        readingBody = false
        guard answeredEarly == 0 else {
            answeredEarly -= 1
            return unanswered == 0 ? .arm(headStarted ? .head : .idle) : .disarm
        }
        unanswered += 1
        return .disarm
    }

    /// The last part of an answer was written.
    mutating func responseEnded() -> Action {
        if unanswered > 0 {
            unanswered -= 1
        } else if readingBody {
            answeredEarly += 1
            return .keep
        }
        guard unanswered == 0, !readingBody else { return .keep }
        return .arm(headStarted ? .head : .idle)
    }
}
