/// When each host may be asked again: requests to one host start at least the policy's delay after the one before it
/// ended (or later, when the host asked for a pause with `Retry-After`).
actor HostSchedule {
    private let delay: Duration
    private let clock = ContinuousClock()
    private var next: [String: ContinuousClock.Instant] = [:]

    init(delay: Duration) {
        self.delay = delay
    }

    /// Waits until `host` may be asked.
    func wait(for host: String) async throws {
        guard let instant = next[host], instant > clock.now else { return }
        try await clock.sleep(until: instant)
    }

    /// Records that a request to `host` ended, and any longer pause it asked for.
    func finished(_ host: String, pause: Duration? = nil) {
        next[host] = clock.now + max(delay, pause ?? .zero)
    }
}
