import DutyCore

/// `第3/19条` at the right of a list's column titles when the list is longer than the screen:
/// without it, the rows shown read as all there is.
func drawListPosition(_ g: inout Grid, selected: Int, total: Int, shown: Int, right: Int, y: Int, lang: Language) {
    guard total > shown else { return }
    let text = lang.pick("第\(selected + 1)/\(total)条", "\(selected + 1) of \(total)")
    g.put(text, x: right - DisplayWidth.of(text), y: y, role: .muted)
}
