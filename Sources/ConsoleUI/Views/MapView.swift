import DutyCore

/// 地图: the district's streets as blocks in their places (`MapLayout`), each with its most
/// severe open alert's level written and coloured, its count, and its 三查 progress; the
/// selected street's alerts, unchecked points and their people beside it (`MapSideList`).
/// Framed blocks between the two channels of the river where there is room (120×40), bare
/// three-line blocks at 80×24.
struct MapView {
    let state: ConsoleState
    let glyphs: Glyphs
    var w: MapWords { MapWords(state.language) }

    /// Where the map and the list go in the pane's rectangle.
    struct Geometry {
        var framed: Bool
        var unitWidth, unitHeight: Int
        /// The first cell of the map's top-left unit.
        var mapX, mapY: Int
        var side: Rect
        var mapWidth: Int { unitWidth * MapLayout.columns }
    }

    /// Framed blocks need 12 cells by 6 lines a unit and leave the list 40 columns; else bare
    /// blocks of 9 by 4 with the list in what is left (24 columns at 80×24).
    static func geometry(_ r: Rect) -> Geometry {
        let columns = MapLayout.columns, rows = MapLayout.rows
        // Title, a river above and below, a blank and the legend: five lines besides the map.
        // A blank column and the rule between the map and the list.
        let framedWidth = min(18, (r.width - 42) / columns), framedHeight = min(8, (r.height - 5 + 1) / rows)
        if framedWidth >= 12, framedHeight >= 6 {
            let sideX = r.x + framedWidth * columns + 2
            let side = Rect(x: sideX, y: r.y + 1, width: r.maxX - sideX, height: r.height - 1)
            return Geometry(framed: true, unitWidth: framedWidth, unitHeight: framedHeight, mapX: r.x, mapY: r.y + 2, side: side)
        }
        let unitWidth = max(9, min(12, (r.width - 26) / columns))
        let unitHeight = max(4, (r.height - 1 + 1) / rows)
        let sideX = r.x + unitWidth * columns + 2
        return Geometry(framed: false, unitWidth: unitWidth, unitHeight: unitHeight, mapX: r.x, mapY: r.y + 1,
                        side: Rect(x: sideX, y: r.y + 1, width: r.maxX - sideX, height: r.height - 1))
    }

    func draw(_ g: inout Grid, in r: Rect) {
        let summary = MapSummary(state)
        let street = MapPane.street(state, summary)
        let geo = Self.geometry(r)
        drawTitle(&g, summary, x: r.x, y: r.y, width: r.width)
        for y in geo.side.y..<geo.side.maxY { g.put(glyphs.vertical, x: geo.side.x - 1, y: y, role: .border) }
        if geo.framed { drawRivers(&g, geo) }
        for b in MapLayout.blocks {
            guard let s = summary.streets[b.street] else { continue }
            if geo.framed {
                drawFramed(&g, b, s, geo, selected: b.street == street)
            } else {
                drawBare(&g, b, s, geo, selected: b.street == street)
            }
        }
        if geo.framed {
            let below = geo.mapY + geo.unitHeight * MapLayout.rows + 1
            g.put(w.legend, x: r.x + 1, y: min(r.maxY - 1, below), role: .muted, limit: geo.mapWidth)
        }
        MapSideList(state: state, glyphs: glyphs, summary: summary, street: street).draw(&g, in: geo.side)
    }

    // MARK: Title

    /// `海珠区一张图  未结警情 5 · 其中全区 2                三查 雨前排查 216/303 !5`
    private func drawTitle(_ g: inout Grid, _ summary: MapSummary, x: Int, y: Int, width: Int) {
        var cx = x + 1
        cx += g.put(w.title, x: cx, y: y, role: .header) + 2
        cx += g.put(w.openCount(summary.count, district: summary.district.count, dot: glyphs.dot), x: cx, y: y, role: .normal)
        guard let round = state.duty.openRound else {
            let text = w.noRound
            g.put(text, x: x + width - 1 - DisplayWidth.of(text), y: y, role: .muted)
            return
        }
        let all = CheckProgress.sum(state.roundProgress)
        let label = w.roundLabel(state.words.phase(round.phase))
        let numbers = ProgressMark(all, room: 12)
        var rx = x + width - 1 - (DisplayWidth.of(label) + 1 + numbers.width)
        guard rx > cx + 2 else { return }
        rx += g.put(label, x: rx, y: y, role: .normal) + 1
        numbers.draw(&g, x: rx, y: y)
    }

    // MARK: Blocks

    /// The front channel above the map and the back channel below: the island read at a glance.
    private func drawRivers(_ g: inout Grid, _ geo: Geometry) {
        for (label, y) in [(w.frontChannel, geo.mapY - 1), (w.backChannel, geo.mapY + geo.unitHeight * MapLayout.rows - 1)] {
            let text = " " + label + " "
            let width = geo.mapWidth - 1
            let left = (width - DisplayWidth.of(text)) / 2
            g.put(String(repeating: glyphs.horizontal, count: width), x: geo.mapX + 1, y: y, role: .border)
            g.put(text, x: geo.mapX + 1 + left, y: y, role: .muted)
        }
    }

    /// A box round the street's three lines, in its level's colour; the selected one double.
    private func drawFramed(_ g: inout Grid, _ b: MapLayout.Block, _ s: MapSummary.Street, _ geo: Geometry, selected: Bool) {
        let x = geo.mapX + b.column * geo.unitWidth + 1, y = geo.mapY + b.row * geo.unitHeight
        let width = b.width * geo.unitWidth - 1, height = b.height * geo.unitHeight - 1
        let f = selected ? glyphs.selectedFrame : glyphs.frame
        let role = s.level.map(Role.level) ?? .border
        let inner = String(repeating: f.horizontal, count: width - 2)
        g.put(f.topLeft + inner + f.topRight, x: x, y: y, role: role)
        g.put(f.bottomLeft + inner + f.bottomRight, x: x, y: y + height - 1, role: role)
        for cy in (y + 1)..<(y + height - 1) {
            g.put(f.vertical, x: x, y: cy, role: role)
            g.put(f.vertical, x: x + width - 1, y: cy, role: role)
        }
        drawLines(&g, s, x: x + 1, y: y + 1, room: width - 2, nameRole: .normal)
        if selected { g.paint(x: x + 1, y: y + 1, width: width - 2, role: .selection) }
    }

    /// Three lines with no box (80×24): `>` before the selected street, its name reversed (the
    /// level line keeps its colour).
    private func drawBare(_ g: inout Grid, _ b: MapLayout.Block, _ s: MapSummary.Street, _ geo: Geometry, selected: Bool) {
        let x = geo.mapX + b.column * geo.unitWidth + 1, y = geo.mapY + b.row * geo.unitHeight
        let room = b.width * geo.unitWidth - 1
        // With no box to colour, the name takes the level's colour.
        drawLines(&g, s, x: x, y: y, room: room, nameRole: s.level.map(Role.level) ?? .normal)
        if selected {
            g.put(">", x: x - 1, y: y, role: .normal)
            g.paint(x: x, y: y, width: room, role: .selection)
        }
    }

    /// Name; level written and count (`橙 1条`), or 无警情; 三查 `9/26 !2`.
    private func drawLines(_ g: inout Grid, _ s: MapSummary.Street, x: Int, y: Int, room: Int, nameRole: Role) {
        g.put(DisplayWidth.truncate(s.street, to: room), x: x, y: y, role: nameRole)
        if let level = s.level {
            g.put(w.levelCount(state.words.level(level), s.alerts.count, room: room), x: x, y: y + 1, role: Role.level(level), limit: room)
        } else {
            g.put(w.quiet, x: x, y: y + 1, role: .muted, limit: room)
        }
        if let p = s.progress { ProgressMark(p, room: room).draw(&g, x: x, y: y + 2) }
    }
}
