import Mustache
import OnestopDomain
import Synchronization

/// The parts of pages that many pages show alike, rendered from their own templates and kept once
/// rendered, for one catalog version (a new catalog makes new ones), up to `limit` of each kind: the
/// `<option>`s of the catalog's lists (`options`), and form fields as they are before anything is typed
/// (`field`). Rendering them apart keeps a page's many lookups out of every request: Mustache asks each
/// value several dynamic casts, which made the forms a third slower than HTML written in Swift.
final class PageFragments: Sendable {
    /// A list of choices the pages offer.
    enum List: Hashable {
        /// The counties, every region below the top one.
        case counties
        /// Every category, subcategories marked with a dash.
        case categories
        /// Every station, retired ones included, for filters.
        case stations
        /// The stations a request held by `from` may be given to: the active ones but `from`.
        case reassignable(from: String?)
        case requestStatuses
        case deliveryStatuses
        /// These ways of being served, in the catalog's order.
        case modes([ServiceMode])
        /// A station's active caseworkers.
        case caseworkers(station: String)
        /// Every station's caseworkers, inactive ones included, for filters.
        case everyCaseworker
        /// Whether a callback reached the firm: `1` or `0`.
        case callbackOutcomes
        /// What staff decide of an appeal.
        case appealDecisions
    }

    private struct Key: Hashable {
        var list: List
        var language: PageLanguage
        var selected: String?
        var placeholder: String?
    }

    static let limit = 512

    private let renderer: PageRenderer
    private let catalog: (regions: [Region], categories: [OnestopDomain.Category], stations: [Station])
    private let rendered = Mutex<[Key: String]>([:])
    private let fields = Mutex<[FormField: String]>([:])

    init(renderer: PageRenderer, regions: [Region], categories: [OnestopDomain.Category], stations: [Station]) {
        self.renderer = renderer
        catalog = (regions, categories, stations)
    }

    /// The options of `list` in `language`, the one whose value is `selected` marked so, after an
    /// empty-valued `placeholder` option when one is given (请选择, Choose).
    func html(_ list: List, _ language: PageLanguage, selected: String?, placeholder: String? = nil) -> String {
        // Only a value that is one of the choices is ever kept, so a kept list answers without making the choices.
        let asked = Key(list: list, language: language, selected: selected, placeholder: placeholder)
        if let html = rendered.withLock({ $0[asked] }) { return html }
        let choices = self.choices(list, language)
        // A value that is none of the choices selects nothing: it is not kept apart (nor can a client grow the cache).
        var key = asked
        if !choices.contains(where: { $0.value == selected }) {
            key.selected = nil
            if let html = rendered.withLock({ $0[key] }) { return html }
        }
        let html = String(buffer: renderer.html(SelectOptions(options: SelectOption.list(choices, selected: key.selected, placeholder: placeholder))))
        rendered.withLock { if $0.count < Self.limit { $0[key] = html } }
        return html
    }

    /// `field` as HTML: kept when nothing was typed in it and it shows no error.
    func html(_ field: FormField) -> String {
        let pristine = field.value.isEmpty && field.error == nil
        if pristine, let html = fields.withLock({ $0[field] }) { return html }
        let html = String(buffer: renderer.html(field))
        if pristine { fields.withLock { if $0.count < Self.limit { $0[field] = html } } }
        return html
    }

    private func choices(_ list: List, _ language: PageLanguage) -> [(value: String, label: String)] {
        switch list {
        case .counties:
            catalog.regions.filter { $0.parent != nil }.map { ($0.code, language.pick($0.name, $0.nameEn)) }
        case .categories:
            catalog.categories.map { ($0.code, ($0.parent == nil ? "" : "— ") + language.pick($0.name, $0.nameEn)) }
        case .stations:
            catalog.stations.map { ($0.id, language.pick($0.name, $0.nameEn)) }
        case .reassignable(let from):
            catalog.stations.filter { $0.status == .active && $0.id != from }.map { ($0.id, language.pick($0.name, $0.nameEn)) }
        case .requestStatuses:
            RequestStatus.allCases.map { ($0.rawValue, language.status($0)) }
        case .deliveryStatuses:
            Delivery.Status.allCases.map { ($0.rawValue, language.deliveryStatus($0)) }
        case .modes(let modes):
            modes.map { ($0.rawValue, language.mode($0)) }
        case .caseworkers(let id):
            (catalog.stations.first { $0.id == id }?.caseworkers ?? []).filter(\.isActive).map { ($0.id, "\($0.name)（\($0.phone)）") }
        case .callbackOutcomes:
            [("1", language.say("已联系到企业", "The firm was reached")), ("0", language.say("未联系到企业", "The firm could not be reached"))]
        case .appealDecisions:
            Evaluation.Decision.allCases.map { decision in
                (decision.rawValue, decision == .upheld
                    ? language.say("维持评价（申诉不成立）", "Uphold the review (the appeal fails)")
                    : language.say("撤销评价（不计入统计）", "Set the review aside (it leaves the figures)"))
            }
        case .everyCaseworker:
            catalog.stations.flatMap { station in
                station.caseworkers.map { ($0.id, "\($0.name)（\(language.pick(station.name, station.nameEn))）") }
            }
        }
    }
}
