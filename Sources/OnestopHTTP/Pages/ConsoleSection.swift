import Foundation
import Hummingbird
import OnestopDomain
import OnestopStore

/// The console's pages: who is signed in, the sections their role may open, sign-out, and the CSRF
/// token every form carries.
enum ConsoleSection: String {
    case requests, deliveries, endpoints, stats
}

extension PageShell {
    func console(_ request: Request, context: AppRequestContext, store: some CatalogStore, section: ConsoleSection,
                 title: (PageLanguage) -> String) async throws -> (PageLanguage, ReferenceDataCache.Data, PageFrame, AccessKey)
    {
        guard let key = context.key, let csrf = context.csrf else { throw APIError.unauthorized }
        var (language, data, frame) = try await base(request, store: store, title: title)
        var sections: [(ConsoleSection, String)] = [(.requests, key.role == .staff ? language.say("全部需求", "Requests") : language.say("本站需求", "Our requests"))]
        if key.role == .staff {
            sections += [(.deliveries, language.say("投递失败", "Failed deliveries")), (.endpoints, language.say("接收地址", "Endpoints")),
                         (.stats, language.say("统计", "Statistics"))]
        } else {
            sections.append((.stats, language.say("本站统计", "Our figures")))
        }
        let who = key.role == .staff
            ? language.say("平台工作人员 \(key.name)", "Platform staff: \(key.name)")
            : "\(data.stationName(key.station, language)) · \(key.name)"
        frame.console = ConsoleNavigation(
            links: sections.map { entry in
                .init(url: language.link(entry.0 == .requests ? "/console" : "/console/\(entry.0.rawValue)"), label: entry.1, current: entry.0 == section)
            },
            who: who, signOut: language.say("退出", "Sign out"), label: language.say("控制台", "Console"))
        frame.csrf = csrf
        return (language, data, frame, key)
    }
}
