/// A horizontal bar chart drawn by the server as inline SVG: no script, no image request, readable at
/// 360 px (it scales with its box) and described for screen readers by its title and a text summary.
struct BarChart {
    var id: String
    var title: String
    var bars: [(label: String, value: Int)]

    /// Each bar under its label, so that long station names are never cut; 360 units wide, so that text
    /// keeps its size on a 360 px phone.
    var svg: String {
        let rowHeight = 46, barSpace = 290, width = 360
        let height = max(bars.count, 1) * rowHeight + 4
        let largest = max(bars.map(\.value).max() ?? 0, 1)
        var parts = [
            "<svg class=\"chart\" viewBox=\"0 0 \(width) \(height)\" role=\"img\" aria-labelledby=\"\(id)-title \(id)-desc\" xmlns=\"http://www.w3.org/2000/svg\">",
            "<title id=\"\(id)-title\">\(HTMLText.escape(title))</title>",
            "<desc id=\"\(id)-desc\">\(HTMLText.escape(bars.map { "\($0.label) \($0.value)" }.joined(separator: "; ")))</desc>",
        ]
        for (index, bar) in bars.enumerated() {
            let y = index * rowHeight
            let length = bar.value == 0 ? 0 : max(2, bar.value * barSpace / largest)
            parts.append("<text x=\"0\" y=\"\(y + 17)\" font-size=\"15\" fill=\"#1d2733\">\(HTMLText.escape(bar.label))</text>")
            parts.append("<rect x=\"0\" y=\"\(y + 24)\" width=\"\(length)\" height=\"16\" rx=\"2\" fill=\"#0b5cad\"><title>\(HTMLText.escape("\(bar.label): \(bar.value)"))</title></rect>")
            parts.append("<text x=\"\(length + 6)\" y=\"\(y + 37)\" font-size=\"15\" fill=\"#1d2733\">\(bar.value)</text>")
        }
        parts.append("</svg>")
        return parts.joined()
    }
}
