import Foundation
import Hummingbird
import OnestopDomain
import OnestopStore

struct RoutingHistoryView: ResponseEncodable {
    var id: String
    var decisions: [RoutingRecordView]
}
