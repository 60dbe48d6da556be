import HTTPTypes
import Synchronization

/// Lets one operation of a kind (an export, a verification) run at a time in a service: each reads or copies the
/// whole archive, so a second one would only slow both. Another request meanwhile is answered 429 with
/// `Retry-After`.
final class OperationGate: Sendable {
    /// What the operation is called in the 429 answer.
    let name: String
    /// The seconds a client is told to wait.
    let retryAfter: Int
    private let busy = Mutex(false)

    init(name: String, retryAfter: Int) {
        self.name = name
        self.retryAfter = retryAfter
    }

    /// Takes the gate until the returned pass is released (by its `release()`, or when its last reference goes).
    ///
    /// - Throws: ``ServiceError`` 429 when an operation of this kind is running.
    func enter() throws -> Pass {
        let entered = busy.withLock { busy in
            if busy { return false }
            busy = true
            return true
        }
        guard entered else {
            throw ServiceError(
                status: .tooManyRequests,
                code: "busy",
                message: "Another \(name) is running on this service; try again in \(retryAfter) seconds.",
                headers: [.retryAfter: "\(retryAfter)"]
            )
        }
        return Pass(gate: self)
    }

    private func leave() {
        busy.withLock { $0 = false }
    }

    /// Holds the gate; it opens again by ``release()`` or when the pass's last reference goes.
    final class Pass: Sendable {
        private let gate: OperationGate
        private let released = Mutex(false)

        fileprivate init(gate: OperationGate) { self.gate = gate }

        /// Opens the gate now; only the first call does.
        func release() {
            let first = released.withLock { released in
                defer { released = true }
                return !released
            }
            if first { gate.leave() }
        }

        deinit { release() }
    }
}
