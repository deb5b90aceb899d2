import Foundation
import OnestopDelivery
import OnestopDomain
import OnestopStore
import Testing

@Suite struct DeliveryDecisionTests {
    let now = Date(timeIntervalSince1970: 1_795_000_000)
    let decision = DeliveryDecision(schedule: .standard, backoffFloor: .seconds(60))

    func after(_ response: OutboundResponse, attempt: Int = 1, unit: Double = 0.5) -> DeliveryResult.Next {
        decision.next(after: response, attempt: attempt, now: now, unit: unit)
    }

    @Test func successGoneAndTheEndOfTheSchedule() {
        #expect(after(OutboundResponse(status: 200)) == .succeeded)
        #expect(after(OutboundResponse(status: 204)) == .succeeded)
        #expect(after(OutboundResponse(status: 410)) == .endpointGone)
        #expect(after(OutboundResponse(status: 500), attempt: 8) == .failed)
        #expect(after(OutboundResponse(status: 301)) == .retry(at: now.addingTimeInterval(5)))
    }

    @Test func theScheduleWithItsJitter() {
        #expect(after(OutboundResponse(status: 500), attempt: 1, unit: 0.5) == .retry(at: now.addingTimeInterval(5)))
        #expect(after(OutboundResponse(status: 500), attempt: 2, unit: 0.5) == .retry(at: now.addingTimeInterval(300)))
        #expect(after(OutboundResponse(status: 500), attempt: 7, unit: 0.5) == .retry(at: now.addingTimeInterval(36_000)))
        // ±20%: the extremes of the random unit.
        #expect(after(OutboundResponse(status: 500), attempt: 2, unit: 0) == .retry(at: now.addingTimeInterval(240)))
        #expect(after(OutboundResponse(status: 500), attempt: 2, unit: 1) == .retry(at: now.addingTimeInterval(360)))
        let total = RetrySchedule.standard.delays.reduce(Duration.zero, +)
        #expect(RetrySchedule.standard.maxAttempts == 8)
        #expect(abs(total.seconds / 3600 - 27.6) < 0.1)
    }

    @Test func throttlingAndTimeOutsWaitAtLeastTheFloor() {
        #expect(after(OutboundResponse(status: 429)) == .retry(at: now.addingTimeInterval(60)))
        #expect(after(OutboundResponse(status: 503)) == .retry(at: now.addingTimeInterval(60)))
        #expect(after(OutboundResponse(status: nil, error: "Operation timed out", timedOut: true)) == .retry(at: now.addingTimeInterval(60)))
        #expect(after(OutboundResponse(status: nil, error: "Connection refused")) == .retry(at: now.addingTimeInterval(5)))
        // The floor does not shorten a longer step of the schedule.
        #expect(after(OutboundResponse(status: 429), attempt: 2) == .retry(at: now.addingTimeInterval(300)))
    }

    @Test func retryAfterInSecondsOrAsAnHTTPDate() {
        #expect(after(OutboundResponse(status: 503, headers: [("Retry-After", "120")])) == .retry(at: now.addingTimeInterval(120)))
        #expect(after(OutboundResponse(status: 500, headers: [("retry-after", "30")])) == .retry(at: now.addingTimeInterval(30)))
        let date = now.addingTimeInterval(900)
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        #expect(after(OutboundResponse(status: 429, headers: [("Retry-After", formatter.string(from: date))])) == .retry(at: date))
        // Shorter than the schedule, nonsense, or days away: the schedule, or at most a day.
        #expect(after(OutboundResponse(status: 500, headers: [("Retry-After", "1")])) == .retry(at: now.addingTimeInterval(5)))
        #expect(after(OutboundResponse(status: 500, headers: [("Retry-After", "soon")])) == .retry(at: now.addingTimeInterval(5)))
        #expect(after(OutboundResponse(status: 500, headers: [("Retry-After", "999999")])) == .retry(at: now.addingTimeInterval(86_400)))
    }

    @Test func schedulesAreReadFromText() {
        #expect(RetrySchedule(parsing: "5s,5m,30m,2h,5h,10h,10h") == RetrySchedule.standard)
        #expect(RetrySchedule(parsing: "100ms, 1.5s")?.delays == [.milliseconds(100), .milliseconds(1500)])
        for bad in ["", "5", "5d", "-1s", "s", "5s,,5s"] {
            #expect(RetrySchedule(parsing: bad) == nil, "\(bad)")
        }
    }
}
