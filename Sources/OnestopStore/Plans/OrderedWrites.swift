import Foundation
import OnestopDomain

/// Records keyed by id, kept in the order first set; setting again replaces in place.
package struct OrderedWrites<Record> {
    private var order: [String] = []
    private var byKey: [String: Record] = [:]

    package mutating func set(_ key: String, _ record: Record) {
        if byKey.updateValue(record, forKey: key) == nil { order.append(key) }
    }

    package subscript(key: String) -> Record? { byKey[key] }

    package var records: [Record] { order.compactMap { byKey[$0] } }
    package var isEmpty: Bool { order.isEmpty }
}
