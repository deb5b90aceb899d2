import ArgumentParser
import Foundation
import OnestopDelivery
import OnestopDomain

/// How `onestop serve` delivers webhooks.
struct WebhookOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Where stations reach this server, for the links in webhook bodies. (env: ONESTOP_PUBLIC_URL; default: http://HOST:PORT)", valueName: "url"))
    var publicURL: String?

    @Option(help: ArgumentHelp("Seconds to wait for a receiver's whole answer. (env: ONESTOP_WEBHOOK_TIMEOUT; default: 15)", valueName: "seconds"))
    var webhookTimeout: Double?

    @Option(help: ArgumentHelp("Seconds to wait for a connection. (env: ONESTOP_WEBHOOK_CONNECT_TIMEOUT; default: 5)", valueName: "seconds"))
    var webhookConnectTimeout: Double?

    @Option(help: ArgumentHelp("A PEM file of extra certificate authorities to trust, for stations with a private CA. (env: ONESTOP_WEBHOOK_CA_FILE)", valueName: "path"))
    var webhookCAFile: String?

    @Option(help: ArgumentHelp("The waits between attempts, like 5s,5m,30m,2h,5h,10h,10h (ms, s, m, h), each ±20%. (env: ONESTOP_WEBHOOK_SCHEDULE)", valueName: "list"))
    var webhookSchedule: String?

    @Option(help: ArgumentHelp("Deliveries in flight per endpoint at most. (env: ONESTOP_WEBHOOK_IN_FLIGHT; default: 4)", valueName: "n"))
    var webhookInFlight: Int?

    @Option(help: ArgumentHelp("Seconds a claimed delivery is held before another attempt may take it (after a crash); more than twice the time-out. (env: ONESTOP_WEBHOOK_LEASE; default: 60)", valueName: "seconds"))
    var webhookLease: Double?

    @Option(help: ArgumentHelp("The least seconds to wait after 429, 503 or a time-out. (env: ONESTOP_WEBHOOK_BACKOFF_FLOOR; default: 60)", valueName: "seconds"))
    var webhookBackoffFloor: Double?

    @Option(help: ArgumentHelp("Days of nothing but failures after which an endpoint is disabled. (env: ONESTOP_WEBHOOK_DISABLE_AFTER_DAYS; default: 5)", valueName: "days"))
    var webhookDisableAfterDays: Double?

    @OptionGroup var network: EndpointNetworkOptions

    @Option(help: ArgumentHelp("Seconds a group robot rests after its platform says it sent too much. (env: ONESTOP_ROBOT_THROTTLED_PAUSE; default: 60 for WeCom and Feishu, 600 for DingTalk, which blocks the robot for ten minutes)", valueName: "seconds"))
    var robotThrottledPause: Double?

    @Option(help: .hidden)
    var rateMinuteSeconds: Double?

    func publicURL(host: String, port: Int) throws -> String {
        let setting = Setting("public-url", env: "ONESTOP_PUBLIC_URL")
        let url = setting.text(publicURL, default: "http://\(host):\(port)")
        if let problem = WebhookEndpoint.problem(withURL: url) { throw setting.refusal("\(problem)") }
        return url
    }

    func transport() throws -> CurlTransport.Configuration {
        let total = try Setting("webhook-timeout", env: "ONESTOP_WEBHOOK_TIMEOUT").number(webhookTimeout, default: 15, in: 0.05...300)
        let connect = try Setting("webhook-connect-timeout", env: "ONESTOP_WEBHOOK_CONNECT_TIMEOUT").number(webhookConnectTimeout, default: 5, in: 0.05...300)
        let caSetting = Setting("webhook-ca-file", env: "ONESTOP_WEBHOOK_CA_FILE")
        let caFile = caSetting.text(webhookCAFile)
        if let caFile, !FileManager.default.isReadableFile(atPath: caFile) {
            throw caSetting.refusal("cannot read \(caFile)")
        }
        return CurlTransport.Configuration(connectTimeout: .milliseconds(Int64(connect * 1000)), totalTimeout: .milliseconds(Int64(total * 1000)),
                                           extraCAFile: caFile, addresses: try network.policy(), proxy: try network.proxy())
    }

    /// The worker's configuration; its lease is checked against the transport's time-out.
    func worker(transport: CurlTransport.Configuration, publicURL: String) throws -> DeliveryWorker.Configuration {
        var schedule = RetrySchedule.standard
        let scheduleSetting = Setting("webhook-schedule", env: "ONESTOP_WEBHOOK_SCHEDULE")
        if let text = scheduleSetting.text(webhookSchedule) {
            guard let parsed = RetrySchedule(parsing: text) else {
                throw scheduleSetting.refusal("must be waits like 5s,5m,30m,2h (ms, s, m, h), not \(text)")
            }
            schedule = parsed
        }
        let inFlight = try Setting("webhook-in-flight", env: "ONESTOP_WEBHOOK_IN_FLIGHT").whole(webhookInFlight, default: 4, in: 1...64)
        let total = transport.totalTimeout.seconds
        let lease = try Setting("webhook-lease", env: "ONESTOP_WEBHOOK_LEASE").number(webhookLease, default: max(60, total * 3), in: 0.5...86_400)
        // A claimed delivery may wait for one attempt ahead of it on its endpoint before its own.
        guard lease > 2 * total else {
            throw ValidationError("the webhook lease (\(lease) s) must be longer than twice the time-out (\(total) s)")
        }
        let floor = try Setting("webhook-backoff-floor", env: "ONESTOP_WEBHOOK_BACKOFF_FLOOR").number(webhookBackoffFloor, default: 60, in: 0...86_400)
        let days = try Setting("webhook-disable-after-days", env: "ONESTOP_WEBHOOK_DISABLE_AFTER_DAYS")
            .number(webhookDisableAfterDays, default: 5, in: 0.0001...365)
        var pause: Duration?
        let pauseSetting = Setting("robot-throttled-pause", env: "ONESTOP_ROBOT_THROTTLED_PAUSE")
        if robotThrottledPause != nil || pauseSetting.environmentText != nil {
            let seconds = try pauseSetting.number(robotThrottledPause, default: 60, in: 0.1...86_400)
            pause = .milliseconds(Int64(seconds * 1000))
        }
        let minute = try Setting("rate-minute-seconds", env: "ONESTOP_RATE_MINUTE_SECONDS").number(rateMinuteSeconds, default: 60, in: 0.5...60)
        // A shorter minute would let robots send faster than their platforms allow: only for local imitations.
        guard minute == 60 || network.localEndpointsAllowed else { throw ValidationError("--rate-minute-seconds is for tests and demos with --allow-local-endpoints") }
        return DeliveryWorker.Configuration(
            schedule: schedule, perEndpointInFlight: inFlight, lease: .milliseconds(Int64(lease * 1000)),
            disableAfter: .seconds(Int64(days * 86_400)), backoffFloor: .milliseconds(Int64(floor * 1000)), consoleBaseURL: publicURL,
            throttledPause: pause, rateMinute: .milliseconds(Int64(minute * 1000)))
    }
}
