import OnestopDomain

/// Why a notice cannot be sent as the providers are configured: said in the notice's record, for staff.
public struct NoticeProblem: Error, CustomStringConvertible {
    public var description: String

    public init(_ description: String) {
        self.description = description
    }

    static func noTemplate(_ event: NoticeEvent) -> NoticeProblem {
        NoticeProblem("未为“\(event.zh)”配置短信模板 (no SMS template is configured for \(event.rawValue))")
    }
}
