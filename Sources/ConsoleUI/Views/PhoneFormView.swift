import DutyCore

/// The phone form in the pane's body: one field a line, the one being typed into highlighted,
/// a hint beside each, and what is wrong under them.
struct PhoneFormView {
    let state: ConsoleState
    let form: PhoneForm
    var lang: Language { state.language }

    func draw(_ g: inout Grid, in r: Rect) {
        let w = PhoneFormWords(lang)
        var y = r.y
        g.put(w.heading, x: r.x + 1, y: y, role: .header, limit: r.width - 2)
        y += 2
        let labelWidth = lang == .zh ? 12 : 15
        let valueX = r.x + 2 + labelWidth
        // The value box takes what the hints leave, but never less than half the screen.
        let valueWidth = max(r.width / 2, min(60, r.width - valueX - 26))
        let hintX = valueX + valueWidth + 2
        for field in PhoneForm.Field.allCases where y < r.maxY - 2 {
            let required = form.isRequired.contains(field)
            let focused = field == form.focus
            g.put((focused ? ">" : " ") + " ", x: r.x, y: y, role: focused ? .focus : .normal)
            g.put(w.label(field) + (required ? " *" : ""), x: r.x + 2, y: y, role: focused ? .focus : .muted, limit: labelWidth - 1)
            if focused {
                form.editor.draw(&g, x: valueX, y: y, width: valueWidth)
            } else {
                g.put(DisplayWidth.truncate(form[field], to: valueWidth), x: valueX, y: y, role: .normal, limit: valueWidth)
            }
            let hint = hintText(field)
            g.put(DisplayWidth.truncate(hint.text, to: max(0, r.maxX - hintX - 1)), x: hintX, y: y, role: hint.role, limit: max(0, r.maxX - hintX - 1))
            y += 1
        }
        y += 1
        if let error = form.error, y < r.maxY {
            g.put(DisplayWidth.truncate(InertText.line(error), to: r.width - 3), x: r.x + 2, y: y, role: .overdue, limit: r.width - 3)
        }
    }

    /// Beside a field: the street the text stands for (or the streets it could be), else how to fill it.
    private func hintText(_ field: PhoneForm.Field) -> (text: String, role: Role) {
        let w = PhoneFormWords(lang)
        if field == .street {
            switch PhoneForm.street(form[.street]) {
            case .street(let s): return s == form[.street].trimmingCharacters(in: .whitespaces) ? ("", .muted) : ("→ " + s, .ok)
            case .ambiguous(let c): return (c.joined(separator: "/") + "？", .warning)
            case .unknown: return (w.unknownStreet(InertText.line(form[.street])), .warning)
            case .empty: break
            }
        }
        if (field == .level || field == .kind) && field != form.focus { return ("", .muted) }
        if !form[field].isEmpty && field != .level && field != .kind { return ("", .muted) }
        return (w.hint(field), .muted)
    }
}
