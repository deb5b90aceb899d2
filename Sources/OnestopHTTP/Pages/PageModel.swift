import Mustache
import Synchronization

/// What a template is rendered over: a typed model that names its template and answers the names the
/// template reads by a `switch` (`MustacheParent`), never by reflection.
protocol PageFragment: MustacheParent {
    static var template: PageTemplate { get }
}

/// A whole page's model. A name the model does not know falls through to its `frame`, the part every
/// page shares, and from there to `PageNames.unknown`.
protocol PageModel: PageFragment {
    var frame: PageFrame { get }
}

/// A value a model knows but does not have (an optional that is nil): it renders as nothing and ends the
/// lookup there, instead of climbing to an outer model that happens to use the same name.
struct Missing: MustacheCustomRepresentation {
    var representation: Any? { nil }
}

extension Optional {
    /// The value, or `Missing` for a model's name whose value is nil.
    var orMissing: Any { map { $0 as Any } ?? Missing() }
}

/// Names a template asked for that no model on its stack knows: a misspelt `{{name}}` renders as
/// nothing, so debug builds keep a list of them for the tests to find.
enum PageNames {
    #if DEBUG
    private static let asked = Mutex<Set<String>>([])

    /// The unknown names asked for since the process started.
    static var unknown: Set<String> { asked.withLock { $0 } }
    #endif

    /// `name` was asked of the root of a template's stack (a page's frame, its words, a fragment) and it
    /// did not know it: nil, noted in debug builds.
    @discardableResult
    static func unknown(_ name: String, in place: String) -> Any? {
        #if DEBUG
        asked.withLock { _ = $0.insert("\(place).\(name)") }
        #endif
        return nil
    }
}
