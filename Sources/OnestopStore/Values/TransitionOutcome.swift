import Foundation
import OnestopDomain

public enum TransitionOutcome: Sendable, Equatable {
    case changed(StoredServiceRequest)
    case notFound
    case refused(RequestLifecycle.Refusal, current: RequestStatus)
}
