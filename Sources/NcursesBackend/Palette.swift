@preconcurrency import CNcursesw
import ConsoleUI

/// How the backend shows one role: curses attributes plus a colour pair (0: the terminal's own).
struct Look: Hashable {
    var attributes: attr_t
    var pair: Int16

    static let plain = Look(attributes: dw_attr_normal(), pair: 0)
}

/// A theme resolved against what this terminal can show: one colour pair per distinct
/// (foreground, background), attributes from each style. Pure; `NcursesTerminal` creates the
/// pairs with `init_pair`.
struct Palette {
    /// Pairs to create: `pairs[i]` is pair number `i + 1`; -1 is the terminal's default colour.
    let pairs: [(foreground: Int16, background: Int16)]
    private let looks: [Role: Look]

    /// `colors` is curses' COLORS (0 when the terminal has none), `maxPairs` its COLOR_PAIRS;
    /// `defaultColors` says whether `use_default_colors` worked, so -1 may be used in a pair.
    init(theme: Theme, colors: Int, maxPairs: Int, defaultColors: Bool) {
        var pairs: [(foreground: Int16, background: Int16)] = []
        var numbers: [PairKey: Int16] = [:]
        var looks: [Role: Look] = [:]
        for role in Role.allCases {
            let style = theme.style(role)
            var look = Look(attributes: Palette.attributes(style), pair: 0)
            if colors >= 8, let key = Palette.pairKey(style, colors: colors, defaultColors: defaultColors) {
                if let n = numbers[key] {
                    look.pair = n
                } else if pairs.count + 1 < min(maxPairs, Int(Int16.max)) {
                    pairs.append((key.foreground, key.background))
                    let n = Int16(pairs.count)
                    numbers[key] = n
                    look.pair = n
                }
                // Out of pairs (not with ~30 roles, but a terminal may offer very few): the role
                // keeps its attributes and the terminal's colours.
            }
            looks[role] = look
        }
        self.pairs = pairs
        self.looks = looks
    }

    func look(_ role: Role) -> Look { looks[role] ?? .plain }

    static func attributes(_ s: Style) -> attr_t {
        var a = dw_attr_normal()
        if s.bold { a |= dw_attr_bold() }
        if s.dim { a |= dw_attr_dim() }
        if s.reverse { a |= dw_attr_reverse() }
        if s.underline { a |= dw_attr_underline() }
        if s.blink { a |= dw_attr_blink() }
        return a
    }

    struct PairKey: Hashable {
        var foreground: Int16
        var background: Int16
    }

    /// nil: both colours are the terminal's own, which is pair 0.
    static func pairKey(_ s: Style, colors: Int, defaultColors: Bool) -> PairKey? {
        let fg = ColorMapping.number(for: s.foreground, colors: colors)
        let bg = ColorMapping.number(for: s.background, colors: colors)
        var f = fg.number
        let b = bg.number
        // Rounding a dark grey down to the 8 basic colours gives black, which vanishes on the
        // usual dark terminal background: on the terminal's own background, use its own colour.
        if fg.rounded, f == 0, b == nil { f = nil }
        // Two different shades rounded to one colour would hide the text.
        if let ff = f, let bb = b, ff == bb, fg.rounded || bg.rounded { f = bb == 0 ? 7 : 0 }
        if f == nil, b == nil { return nil }
        let fd: Int = defaultColors ? -1 : 7
        let bd: Int = defaultColors ? -1 : 0
        return PairKey(foreground: Int16(f ?? fd), background: Int16(b ?? bd))
    }
}

/// Theme colours to curses colour numbers.
enum ColorMapping {
    /// xterm's default values for the 16 ANSI colours.
    static let ansi: [(r: Int, g: Int, b: Int)] = [
        (0, 0, 0), (205, 0, 0), (0, 205, 0), (205, 205, 0), (0, 0, 238), (205, 0, 205), (0, 205, 205), (229, 229, 229),
        (127, 127, 127), (255, 0, 0), (0, 255, 0), (255, 255, 0), (92, 92, 255), (255, 0, 255), (0, 255, 255), (255, 255, 255),
    ]

    /// The colour an xterm-256 index stands for: 16 ANSI colours, a 6×6×6 cube, 24 greys.
    static func rgb(index n: Int) -> (r: Int, g: Int, b: Int) {
        if n < 16 { return ansi[max(0, n)] }
        if n < 232 {
            let v = n - 16
            let level = [0, 95, 135, 175, 215, 255]
            return (level[v / 36], level[(v / 6) % 6], level[v % 6])
        }
        let g = 8 + 10 * (min(n, 255) - 232)
        return (g, g, g)
    }

    /// The curses colour number for `c` on a terminal with `colors` colours; nil is the
    /// terminal's default. `rounded` says an index had to be replaced by the nearest colour the
    /// terminal has.
    static func number(for c: ThemeColor, colors: Int) -> (number: Int?, rounded: Bool) {
        switch c {
        case .terminalDefault: return (nil, false)
        case .black: return (0, false)
        case .red: return (1, false)
        case .green: return (2, false)
        case .yellow: return (3, false)
        case .blue: return (4, false)
        case .magenta: return (5, false)
        case .cyan: return (6, false)
        case .white: return (7, false)
        case .index(let n):
            guard (0...255).contains(n) else { return (nil, false) }
            if colors >= 256 { return (n, false) }
            let available = colors >= 16 ? 16 : 8
            if n < available { return (n, false) }
            // Bright variants on an 8-colour terminal: the plain colour, as such terminals do.
            if available == 8, n < 16 { return (n - 8, false) }
            return (basic(for: rgb(index: n), among: available), true)
        }
    }

    /// The basic colour (of the first 8, or 16 with bright ones) that best stands for `c`.
    /// Nearest by distance turns mid greys yellow, so greys (channels within 40 of each other)
    /// go by brightness to black, (bright black,) white; other colours keep each channel that is
    /// at least half the strongest one, which keeps the hue: orange is yellow, crimson red.
    static func basic(for c: (r: Int, g: Int, b: Int), among count: Int) -> Int {
        let high = max(c.r, c.g, c.b)
        let low = min(c.r, c.g, c.b)
        if high - low < 40 {
            let level = (c.r + c.g + c.b) / 3
            if count >= 16 { return level < 64 ? 0 : level < 160 ? 8 : level < 216 ? 7 : 15 }
            return level < 100 ? 0 : 7
        }
        var n = 0
        if c.r * 2 >= high { n |= 1 }
        if c.g * 2 >= high { n |= 2 }
        if c.b * 2 >= high { n |= 4 }
        return count >= 16 && high >= 200 ? n + 8 : n
    }
}
