/// How a group robot shows the firm's phone: a group chat is read by many people, so masked
/// (`138****1234`) unless the station asked for it in full. Signed webhooks and the console always
/// carry it in full.
public enum RobotContact: String, Sendable, Codable, CaseIterable {
    case masked
    case full
}
