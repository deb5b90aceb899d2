/// A caseworker as the firm reaches them: the name and the phone.
struct CaseworkerContactView: Encodable {
    var name: String
    var phone: String
}
