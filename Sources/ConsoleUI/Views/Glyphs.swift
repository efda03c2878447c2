/// Lines and bars: box-drawing and block characters, or ASCII where a terminal draws those
/// "ambiguous width" characters two cells wide (screens.md).
struct Glyphs {
    let horizontal: String
    let vertical: String
    let barDone: String
    let barTodo: String
    let dot: String

    static let unicode = Glyphs(horizontal: "─", vertical: "│", barDone: "█", barTodo: "░", dot: "·")
    static let ascii = Glyphs(horizontal: "-", vertical: "|", barDone: "#", barTodo: ".", dot: "/")
}
