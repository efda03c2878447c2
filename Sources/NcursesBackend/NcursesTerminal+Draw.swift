#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
@preconcurrency import CNcursesw
import ConsoleUI

extension NcursesTerminal {
    /// Writes the cells of `grid` that differ from the previous frame, then updates the screen
    /// once. A new size (or a resize or theme change) clears and rewrites everything.
    ///
    /// A row is drawn as glyphs: a narrow character at its cell, a wide one at its left cell
    /// covering the continuation cell, which is never written itself. The glyph starting at x
    /// depends only on cells x-1…x+1, so a glyph is rewritten when any of those changed; glyphs
    /// never overlap, so rewriting one cannot disturb another.
    public func draw(_ grid: Grid) {
        guard screen != nil else { return }
        checkThread()
        let full = needsFullRedraw || previous.map { $0.width != grid.width || $0.height != grid.height } ?? true
        if full {
            werase(window)
            // Also repaint the physical screen: after a resize the terminal may have reflowed it.
            clearok(window, true)
        }
        // A grid larger than the screen (between a resize and the next render) is clipped.
        let rows = min(grid.height, Int(dw_lines()))
        let cols = min(grid.width, Int(dw_cols()))
        var changed = [Bool](repeating: true, count: grid.width + 1)
        for y in 0..<rows {
            if !full, let old = previous {
                var any = false
                for x in 0..<grid.width {
                    changed[x] = old[x, y] != grid[x, y]
                    any = any || changed[x]
                }
                if !any { continue }
            }
            for x in 0..<cols {
                let dirty = changed[x] || (x > 0 && changed[x - 1]) || (x + 1 < grid.width && changed[x + 1])
                guard dirty, let glyph = glyph(grid, x, y, cols: cols) else { continue }
                put(glyph, x: x, y: y)
            }
        }
        previous = grid
        needsFullRedraw = false
        wnoutrefresh(window)
        doupdate()
    }

    struct Glyph {
        var scalars: [Unicode.Scalar]
        var role: Role
        /// Also blank the cell to the right: a wide character shown as "?" still covers two cells.
        var padded = false
    }

    /// What is written at (x, y), or nil where the wide character to the left covers the cell.
    func glyph(_ grid: Grid, _ x: Int, _ y: Int, cols: Int) -> Glyph? {
        let cell = grid[x, y]
        if cell.isContinuation {
            if x > 0, NcursesTerminal.isWideStart(grid[x - 1, y]), x < cols { return nil }
            // A continuation with no wide character before it would leave stale text: blank it.
            return Glyph(scalars: [" "], role: cell.role)
        }
        let width = DisplayWidth.of(cell.text)
        if width == 2 {
            if x + 1 < grid.width, grid[x + 1, y].isContinuation {
                // Cut by the right edge of a smaller screen: never half a character.
                if x + 1 >= cols { return Glyph(scalars: [" "], role: cell.role) }
                guard let scalars = NcursesTerminal.inert(cell.text, width: 2) else {
                    return Glyph(scalars: ["?"], role: cell.role, padded: true)
                }
                return Glyph(scalars: scalars, role: cell.role)
            }
            // A wide character without its continuation cell breaks the grid's rule; show that
            // something is there without letting it spill over the next cell.
            return Glyph(scalars: ["?"], role: cell.role)
        }
        return Glyph(scalars: NcursesTerminal.inert(cell.text, width: 1) ?? ["?"], role: cell.role)
    }

    static func isWideStart(_ cell: Cell) -> Bool {
        !cell.isContinuation && DisplayWidth.of(cell.text) == 2
    }

    /// The scalars of one cell as curses may draw them: one spacing character followed by at most
    /// four combining ones (CCHARW_MAX), no control characters, and a width curses (that is, the
    /// C library's `wcwidth`) agrees with, so its idea of the cursor matches the grid's; nil when
    /// it does not (an emoji sequence `DisplayWidth` counts wide, a character newer than libc).
    static func inert(_ text: String, width: Int) -> [Unicode.Scalar]? {
        var out: [Unicode.Scalar] = []
        for (i, s) in text.unicodeScalars.enumerated() {
            let v = s.value
            if i == 0 {
                if v < 0x20 || (0x7F..<0xA0).contains(v) { return ["?"] }
                if DisplayWidth.of(s) == 0 {
                    // A combining mark alone is shown on a space, as terminals do.
                    out.append(" ")
                }
                out.append(s)
                continue
            }
            if out.count >= Int(CCHARW_MAX) { break }
            // Only combining marks may follow the base; the rest of a longer cluster (a ZWJ
            // emoji sequence, a flag) is dropped rather than letting setcchar refuse it.
            if dw_wcwidth(wchar_t(bitPattern: v)) == 0, v >= 0x20 { out.append(s) }
        }
        if out.isEmpty { return [" "] }
        let base = out[0] == " " && out.count > 1 ? 1 : Int(dw_wcwidth(wchar_t(bitPattern: out[0].value)))
        return base == width ? out : nil
    }

    /// Writes one glyph with its role's attributes and colour pair.
    func put(_ glyph: Glyph, x: Int, y: Int) {
        let look = palette.look(glyph.role)
        if glyph.padded { put(Glyph(scalars: [" "], role: glyph.role), x: x + 1, y: y) }
        var chars = glyph.scalars.map { wchar_t(bitPattern: $0.value) }
        chars.append(0)
        var cc = cchar_t()
        var ok = chars.withUnsafeBufferPointer { setcchar(&cc, $0.baseAddress, look.attributes, look.pair, nil) } == OK
        if !ok {
            let base: [wchar_t] = [chars[0], 0]
            ok = base.withUnsafeBufferPointer { setcchar(&cc, $0.baseAddress, look.attributes, look.pair, nil) } == OK
        }
        guard ok else { return }
        // At the bottom-right cell curses stores the character but reports ERR, because the
        // cursor cannot advance without scrolling (scrollok is off): that ERR is expected.
        _ = mvwadd_wch(window, Int32(y), Int32(x), &cc)
    }
}
