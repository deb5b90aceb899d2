import Synchronization

/// Rung by a store when it has written new deliveries, so that the worker in the same process sends them
/// at once instead of at its next poll. A ring with nobody waiting is kept for the next wait.
public final class DeliveryDoorbell: Sendable {
    private struct State {
        package var rung = false
        package var waiter: (id: Int, continuation: CheckedContinuation<Void, Never>)?
        package var nextID = 0
    }

    private let state = Mutex(State())

    public init() {}

    public func ring() {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            guard let waiter = state.waiter else {
                state.rung = true
                return nil
            }
            state.waiter = nil
            return waiter.continuation
        }
        waiter?.resume()
    }

    /// Returns when the bell rings (or rang since the last wait), or when the task is cancelled.
    /// One waiter at a time.
    public func wait() async {
        let id = state.withLock { state -> Int in
            state.nextID += 1
            return state.nextID
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let resumeNow = state.withLock { state -> Bool in
                    if state.rung || Task.isCancelled {
                        state.rung = false
                        return true
                    }
                    state.waiter?.continuation.resume()
                    state.waiter = (id, continuation)
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
                guard let waiter = state.waiter, waiter.id == id else { return nil }
                state.waiter = nil
                return waiter.continuation
            }
            waiter?.resume()
        }
    }

    /// Returns when the bell rings (or rang since the last wait) or `pause` has passed on `clock`, whichever is first.
    public func wait(atMost pause: Duration, on clock: any Clock<Duration>) async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.wait() }
            group.addTask { try? await clock.sleep(for: pause) }
            await group.next()
            group.cancelAll()
        }
    }
}
