import DutyCore

/// Where each of Haizhu's 18 streets sits on the map pane: a schematic of the real district, not a
/// survey. Haizhu is an island, long from west to east, between the Pearl River's front channel
/// (north) and back channel (south); the west end, where the river bends south at 白鹅潭, holds
/// the small old streets, the east end the large new ones (the exhibition centre at 琶洲, the
/// bio-island at 官洲, the 海珠湿地 orchards at 华洲). Six columns west→east and five rows
/// north→south; a street may span several cells. The real outline and the streets' centres are
/// DutyCore's (`Area/Haizhu+Geography`, for judging an alert's area); this is only how the
/// console draws the streets.
enum MapLayout {
    struct Block: Hashable, Sendable {
        let street: String
        let column, row, width, height: Int

        /// Twice the centre, so centres stay whole numbers.
        var centreX2: Int { 2 * column + width }
        var centreY2: Int { 2 * row + height }
        var right: Int { column + width }
        var bottom: Int { row + height }
    }

    enum Direction: Hashable, Sendable { case up, down, left, right }

    static let columns = 6
    static let rows = 5

    /// West to east along the front channel, then southward; the old west end three columns deep
    /// (南华西 at 洲头咀 facing 沙面, down to 南石头 at the river's bend), the centre (新港 round
    /// Sun Yat-sen University, 赤岗 round the Canton Tower, 江海 and 南洲 to the back channel),
    /// and the east (琶洲 on the front channel, 华洲 and 官洲 south and east of it).
    static let blocks: [Block] = [
        Block(street: "南华西街", column: 0, row: 0, width: 1, height: 1),
        Block(street: "海幢街", column: 1, row: 0, width: 1, height: 1),
        Block(street: "滨江街", column: 2, row: 0, width: 1, height: 1),
        Block(street: "新港街", column: 3, row: 0, width: 1, height: 2),
        Block(street: "赤岗街", column: 4, row: 0, width: 1, height: 2),
        Block(street: "琶洲街", column: 5, row: 0, width: 1, height: 2),
        Block(street: "龙凤街", column: 0, row: 1, width: 1, height: 1),
        Block(street: "江南中街", column: 1, row: 1, width: 1, height: 1),
        Block(street: "素社街", column: 2, row: 1, width: 1, height: 1),
        Block(street: "沙园街", column: 0, row: 2, width: 1, height: 1),
        Block(street: "昌岗街", column: 1, row: 2, width: 1, height: 1),
        Block(street: "江海街", column: 2, row: 2, width: 2, height: 1),
        Block(street: "华洲街", column: 4, row: 2, width: 1, height: 3),
        Block(street: "官洲街", column: 5, row: 2, width: 1, height: 3),
        Block(street: "南石头街", column: 0, row: 3, width: 1, height: 2),
        Block(street: "凤阳街", column: 1, row: 3, width: 1, height: 1),
        Block(street: "南洲街", column: 2, row: 3, width: 2, height: 2),
        Block(street: "瑞宝街", column: 1, row: 4, width: 1, height: 1),
    ]

    static func block(_ street: String) -> Block? { blocks.first { $0.street == street } }

    /// The street an arrow key goes to: the nearest block wholly on that side, one that faces
    /// this block (shares rows for ←→, columns for ↑↓) before one that lies diagonally; ties go
    /// north, then west. Nil at the edge of the district.
    static func neighbour(of street: String, _ direction: Direction) -> String? {
        guard let from = block(street) else { return nil }
        let candidates = blocks.filter { lies($0, direction, of: from) }
        func faces(_ b: Block) -> Bool {
            switch direction {
            case .left, .right: b.row < from.bottom && from.row < b.bottom
            case .up, .down: b.column < from.right && from.column < b.right
            }
        }
        // Distance along the way of travel (gap between the blocks), and across it (centres).
        func along(_ b: Block) -> Int {
            switch direction {
            case .right: b.column - from.right
            case .left: from.column - b.right
            case .down: b.row - from.bottom
            case .up: from.row - b.bottom
            }
        }
        func across(_ b: Block) -> Int {
            switch direction {
            case .left, .right: abs(b.centreY2 - from.centreY2)
            case .up, .down: abs(b.centreX2 - from.centreX2)
            }
        }
        let facing = candidates.filter(faces)
        let pool = facing.isEmpty ? candidates : facing
        return pool.min { a, b in
            let ka = (along(a) * 2 + across(a), a.row, a.column), kb = (along(b) * 2 + across(b), b.row, b.column)
            return ka < kb
        }?.street
    }

    /// Whether `b` lies wholly on that side of `a` (a block may lie both east and south).
    private static func lies(_ b: Block, _ direction: Direction, of a: Block) -> Bool {
        switch direction {
        case .right: b.column >= a.right
        case .left: b.right <= a.column
        case .down: b.row >= a.bottom
        case .up: b.bottom <= a.row
        }
    }
}
