extension CodingKey where Self: CaseIterable {
    /// The column names, in declaration order.
    static var allColumns: [String] { allCases.map(\.stringValue) }
}
