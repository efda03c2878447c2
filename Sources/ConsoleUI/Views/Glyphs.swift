/// Lines and bars: box-drawing and block characters, or ASCII where a terminal draws those
/// "ambiguous width" characters two cells wide (screens.md).
struct Glyphs {
    let horizontal: String
    let vertical: String
    let barDone: String
    let barTodo: String
    let dot: String
    /// Before a member listed under its group, and before a group that is closed or open.
    let branch: String
    let groupClosed: String
    let groupOpen: String
    /// The count of a group (`×3`): "ambiguous width", so ASCII draws an x.
    let times: String
    /// A 三查 item found in order: a tick, never an x (in China × marks wrong, and `x` is the
    /// key for a problem).
    let ok: String
    /// A street's block on the map, and the selected street's (drawn double, so the selection
    /// reads without colour).
    let frame: Frame
    let selectedFrame: Frame

    struct Frame {
        let topLeft, topRight, bottomLeft, bottomRight, horizontal, vertical: String
    }

    static let unicode = Glyphs(horizontal: "─", vertical: "│", barDone: "█", barTodo: "░", dot: "·", branch: "└", groupClosed: "▸", groupOpen: "▾", times: "×", ok: "✓",
                                 frame: Frame(topLeft: "┌", topRight: "┐", bottomLeft: "└", bottomRight: "┘", horizontal: "─", vertical: "│"),
                                 selectedFrame: Frame(topLeft: "╔", topRight: "╗", bottomLeft: "╚", bottomRight: "╝", horizontal: "═", vertical: "║"))
    static let ascii = Glyphs(horizontal: "-", vertical: "|", barDone: "#", barTodo: ".", dot: "/", branch: "`-", groupClosed: "+", groupOpen: "-", times: "x", ok: "v",
                               frame: Frame(topLeft: "+", topRight: "+", bottomLeft: "+", bottomRight: "+", horizontal: "-", vertical: "|"),
                               selectedFrame: Frame(topLeft: "#", topRight: "#", bottomLeft: "#", bottomRight: "#", horizontal: "=", vertical: "#"))
}
