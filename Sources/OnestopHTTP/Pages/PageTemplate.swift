/// Every page template the server renders, each a file `NAME.mustache` under Resources/templates. The server
/// checks at start that every one of them, and every partial they include, is there: a page cannot be asked
/// for by a name that has no template.
enum PageTemplate: String, CaseIterable, Sendable {
    case search
    case service
    case station
    case stationFigures = "station-figures"
    case requestForm = "request-form"
    case track
    case consoleSignIn = "console-sign-in"
    case consoleRequests = "console-requests"
    case consoleRequest = "console-request"
    case consoleDeliveries = "console-deliveries"
    case consoleEndpoints = "console-endpoints"
    case consoleStats = "console-stats"
    case error
    case notFound = "not-found"
    /// The `<option>`s of a `<select>`, and a form's field, rendered apart so that what many pages show
    /// alike is rendered once (`PageFragments`).
    case options
    case field
}
