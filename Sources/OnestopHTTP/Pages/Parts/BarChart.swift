import Mustache

/// A horizontal bar chart drawn by the server as inline SVG (in the `console-stats` template): no script, no
/// image request, readable at 360 px (it scales with its box) and described for screen readers by its
/// title and a text summary. Each bar sits under its label, so that long station names are never cut;
/// 360 units wide, so that text keeps its size on a 360 px phone.
struct BarChart: MustacheParent {
    /// One bar, with where it is drawn.
    struct Bar: MustacheParent {
        var label: String
        var value: Int
        /// The value as written beside the bar: `87%` for a rate.
        var shown: String
        /// The top of its row.
        var y: Int
        var length: Int

        func child(named name: String) -> Any? {
            switch name {
            case "label": label
            case "value": shown
            case "labelY": String(y + 17)
            case "barY": String(y + 24)
            case "valueY": String(y + 37)
            case "length": String(length)
            case "valueX": String(length + 6)
            default: nil
            }
        }
    }

    static let rowHeight = 46, barSpace = 290, width = 360

    var id: String
    var title: String
    var bars: [Bar]
    /// Said instead of a chart with no bars: 暂无数据.
    var empty: String

    /// - Parameter scale: the value a full bar stands for; the largest value when nil.
    init(id: String, title: String, bars: [(label: String, value: Int)], empty: String, scale: Int? = nil, unit: String = "") {
        self.id = id
        self.title = title
        self.empty = empty
        let largest = max(scale ?? bars.map(\.value).max() ?? 0, 1)
        self.bars = bars.enumerated().map { index, bar in
            Bar(label: bar.label, value: bar.value, shown: String(bar.value) + unit, y: index * Self.rowHeight,
                length: bar.value == 0 ? 0 : max(2, min(bar.value, largest) * Self.barSpace / largest))
        }
    }

    func child(named name: String) -> Any? {
        switch name {
        case "id": id
        case "title": title
        case "bars": bars
        case "empty": bars.isEmpty ? empty : Missing()
        case "width": String(Self.width)
        case "height": String(max(bars.count, 1) * Self.rowHeight + 4)
        case "summary": bars.map { "\($0.label) \($0.shown)" }.joined(separator: "; ")
        default: nil
        }
    }
}
