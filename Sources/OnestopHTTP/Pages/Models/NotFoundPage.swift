import Mustache

/// The HTML 404, the same for every kind of thing not found.
struct NotFoundPage: PageModel {
    static let template = PageTemplate.notFound

    var frame: PageFrame

    func child(named name: String) -> Any? { frame.child(named: name) }
}
