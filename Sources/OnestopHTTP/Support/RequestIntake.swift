import Crypto
import Foundation
import OnestopDomain
import OnestopStore

/// How requests are taken in: the id prefix, the tracking tokens and the acknowledgement deadline.
public struct RequestIntake: Sendable {
    /// The readable id's prefix, for example `LA` for Lu'an: `LA-20261126-0042`.
    public var idPrefix: String
    public var tokens: TrackingTokens
    /// How long a station has to accept a request given to it.
    public var acknowledgement: AcknowledgementPolicy
    /// Submissions allowed per client address.
    public var limiter: RateLimiter
    /// How long a firm may evaluate, and a station has to follow up a bad review.
    public var evaluation: EvaluationPolicy
    /// The short links SMS notices carry.
    public var shortLinks: ShortLinks
    /// The channels a provider is configured for: a firm is offered only these.
    public var noticeChannels: Set<NoticeChannel>

    public init(idPrefix: String, secret: [UInt8], acknowledgementDays: Int = 1,
                submissionsPerMinute: Int = 30, evaluation: EvaluationPolicy = .standard, noticeChannels: Set<NoticeChannel> = []) {
        self.shortLinks = ShortLinks(secret: secret)
        self.noticeChannels = noticeChannels
        self.evaluation = evaluation
        self.idPrefix = idPrefix
        self.tokens = TrackingTokens(secret: secret)
        self.acknowledgement = AcknowledgementPolicy(defaultDays: acknowledgementDays)
        self.limiter = RateLimiter(perMinute: submissionsPerMinute)
    }

    /// A checked submission as stored, with a new nonce, the short link made from it, and the idempotency key when given.
    func newRequest(_ checked: RequestSubmission.Checked, idempotency: NewServiceRequest.Idempotency?) -> NewServiceRequest {
        let nonce = TrackingTokens.randomNonce()
        return NewServiceRequest(
            submission: checked, idPrefix: idPrefix, tokenNonce: nonce, receivedAt: Date(), acknowledgement: acknowledgement,
            idempotency: idempotency, shortLink: ShortLinks.key(of: shortLinks.code(nonce: nonce)))
    }

    /// `submission` checked against the catalog and against the notices this platform sends: every problem at once.
    func check(_ submission: RequestSubmission, in context: RequestSubmission.Context) -> Result<RequestSubmission.Checked, ValidationFailure> {
        let unoffered = noticeIssues(submission)
        switch submission.validate(in: context) {
        case .success(let checked) where unoffered.isEmpty: return .success(checked)
        case .success: return .failure(ValidationFailure(unoffered))
        case .failure(let failure): return .failure(ValidationFailure(failure.issues + unoffered))
        }
    }

    /// Problems with the notices asked for that the submission's own checks cannot see: a channel no provider is set up for.
    private func noticeIssues(_ submission: RequestSubmission) -> [ValidationIssue] {
        var issues: [ValidationIssue] = []
        if submission.notices?.sms == true, !noticeChannels.contains(.sms) {
            issues.append(ValidationIssue(.request, field: "notices.sms", zh: "本平台未开通短信通知", en: "this platform does not send SMS notices"))
        }
        if submission.notices?.email == true, !noticeChannels.contains(.email) {
            issues.append(ValidationIssue(.request, field: "notices.email", zh: "本平台未开通邮件通知", en: "this platform does not send email notices"))
        }
        return issues
    }
}
