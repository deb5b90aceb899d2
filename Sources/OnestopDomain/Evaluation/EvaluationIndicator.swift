/// What a firm rates: the service overall and the on-site indicators of GB/T 39734-2020.
public enum EvaluationIndicator: String, Codable, Sendable, CaseIterable {
    /// 整体满意度, the level that decides whether a review is bad.
    case overall
    /// 服务效率
    case efficiency
    /// 服务水平
    case proficiency
    /// 服务态度
    case attitude

    public var nameZh: String {
        switch self {
        case .overall: "整体满意度"
        case .efficiency: "服务效率"
        case .proficiency: "服务水平"
        case .attitude: "服务态度"
        }
    }

    public var nameEn: String {
        switch self {
        case .overall: "overall"
        case .efficiency: "efficiency"
        case .proficiency: "proficiency"
        case .attitude: "attitude"
        }
    }
}
