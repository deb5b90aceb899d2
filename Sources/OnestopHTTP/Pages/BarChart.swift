/// A horizontal bar chart drawn by the server as inline SVG: no script, no image request, readable at
/// 360 px (it scales with its box) and described for screen readers by its title and a text summary.
struct BarChart {
    var id: String
    var title: String
    var bars: [(label: String, value: Int)]

    var svg: String {
        let rowHeight = 30, labelWidth = 170, barSpace = 330, top = 8
        let height = top * 2 + max(bars.count, 1) * rowHeight
        let largest = max(bars.map(\.value).max() ?? 0, 1)
        var parts = [
            "<svg class=\"chart\" viewBox=\"0 0 580 \(height)\" role=\"img\" aria-labelledby=\"\(id)-title \(id)-desc\" xmlns=\"http://www.w3.org/2000/svg\">",
            "<title id=\"\(id)-title\">\(HTMLText.escape(title))</title>",
            "<desc id=\"\(id)-desc\">\(HTMLText.escape(bars.map { "\($0.label) \($0.value)" }.joined(separator: "; ")))</desc>",
        ]
        for (index, bar) in bars.enumerated() {
            let y = top + index * rowHeight
            let width = bar.value == 0 ? 0 : max(2, bar.value * barSpace / largest)
            let label = bar.label.count > 11 ? String(bar.label.prefix(10)) + "…" : bar.label
            parts.append("<text x=\"\(labelWidth - 8)\" y=\"\(y + 20)\" text-anchor=\"end\" font-size=\"14\" fill=\"#1d2733\">\(HTMLText.escape(label))</text>")
            parts.append("<rect x=\"\(labelWidth)\" y=\"\(y + 6)\" width=\"\(width)\" height=\"18\" rx=\"2\" fill=\"#0b5cad\"><title>\(HTMLText.escape("\(bar.label): \(bar.value)"))</title></rect>")
            parts.append("<text x=\"\(labelWidth + width + 6)\" y=\"\(y + 20)\" font-size=\"14\" fill=\"#1d2733\">\(bar.value)</text>")
        }
        parts.append("</svg>")
        return parts.joined()
    }
}
