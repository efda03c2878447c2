/// A terminal colour: the terminal's default, one of the eight ANSI colours, or an xterm-256 index.
public enum ThemeColor: Hashable, Sendable {
    case terminalDefault
    case black, red, green, yellow, blue, magenta, cyan, white
    case index(Int)
}

/// How one role looks.
public struct Style: Hashable, Sendable {
    public var foreground: ThemeColor = .terminalDefault
    public var background: ThemeColor = .terminalDefault
    public var bold = false
    public var dim = false
    public var reverse = false
    public var underline = false
    public var blink = false

    public init(foreground: ThemeColor = .terminalDefault, background: ThemeColor = .terminalDefault,
                bold: Bool = false, dim: Bool = false, reverse: Bool = false, underline: Bool = false, blink: Bool = false) {
        self.foreground = foreground
        self.background = background
        self.bold = bold
        self.dim = dim
        self.reverse = reverse
        self.underline = underline
        self.blink = blink
    }
}

/// Roles mapped to styles, read from `Themes/<name>.toml`.
public struct Theme: Hashable, Sendable {
    public var name: String
    public var styles: [Role: Style]
    /// Draw lines and bars with ASCII (`-`, `|`, `#`, `.`) instead of box-drawing and block
    /// characters, which some Chinese terminal set-ups draw two cells wide.
    public var ascii: Bool

    public init(name: String, styles: [Role: Style], ascii: Bool = false) {
        self.name = name
        self.styles = styles
        self.ascii = ascii
    }

    public func style(_ role: Role) -> Style { styles[role] ?? styles[.normal] ?? Style() }
}
