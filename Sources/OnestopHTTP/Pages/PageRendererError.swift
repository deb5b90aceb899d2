import Foundation
import Hummingbird
import Mustache

struct PageRendererError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
