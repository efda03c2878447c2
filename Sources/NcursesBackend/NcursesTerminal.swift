#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
@preconcurrency import CNcursesw
import ConsoleUI

/// `Terminal` over ncursesw: the real screen and keyboard.
///
/// Threads: curses keeps global state and is not thread-safe, so create, use and restore one
/// instance on one thread (the main thread, where the runtime loop runs). The class is not
/// `@MainActor` because `Terminal` and the runtime loop are not isolated; debug builds check the
/// rule instead. Only one instance may own the terminal at a time.
public final class NcursesTerminal: Terminal {
    /// False on terminals without colour (TERM=vt100): the caller should switch to the mono theme,
    /// whose roles differ by attributes alone.
    public private(set) var hasColors: Bool

    var screen: OpaquePointer?
    var window: UnsafeMutablePointer<WINDOW>
    var palette: Palette
    /// Whether `use_default_colors` worked, so pairs may use the terminal's own colours (-1).
    let defaultColors: Bool
    /// The last frame written; `draw` compares against it.
    var previous: Grid?
    /// Set by a resize or a theme change: the next `draw` clears and rewrites every cell.
    var needsFullRedraw = true
    /// Quick `ERR`s from a non-terminal stdin that still polled readable; see `readInput`.
    var quickErrorsWhileReadable = 0
    var lastSize: Size
    let owner = pthread_self()

    /// Sets up the terminal: the locale (UTF-8, falling back to C.UTF-8 so CJK text is not shown
    /// as blanks), then `newterm` on stdout/stdin for `termName` (nil: `$TERM`). Unlike `initscr`,
    /// an unknown terminal type throws instead of exiting; the caller prints the error and exits 2.
    public init(theme: Theme, termName: String?) throws(TerminalError) {
        if cursesOwnsTerminal { throw TerminalError("the terminal is already in use by this process") }
        NcursesTerminal.chooseLocale()
        let name = termName ?? NcursesTerminal.environment("TERM")
        guard let name, !name.isEmpty else {
            throw TerminalError("TERM is not set; try TERM=xterm-256color")
        }
        guard let screen = newterm(name, dw_stdout(), dw_stdin()) else {
            throw TerminalError("unknown terminal type \"\(name)\" (TERM); try TERM=xterm-256color")
        }
        set_term(screen)
        self.screen = screen
        cursesOwnsTerminal = true
        window = dw_stdscr()
        cbreak()
        noecho()
        nonl()
        keypad(window, true)
        NcursesTerminal.defineCommonKeys()
        NcursesTerminal.setBracketedPaste(true)
        bracketedPasteOn = true
        // Without this curses waits a full second after Esc for the rest of an escape sequence.
        set_escdelay(25)
        // The cursor never shows where the officer is (the selection bar does) and is not moved
        // back after each update.
        curs_set(0)
        leaveok(window, true)
        var colors = false
        var defaults = false
        if has_colors(), start_color() == OK {
            colors = true
            defaults = use_default_colors() == OK
        }
        hasColors = colors
        defaultColors = defaults
        palette = Palette(theme: theme, colors: 0, maxPairs: 0, defaultColors: false)
        lastSize = Size(width: Int(dw_cols()), height: Int(dw_lines()))
        applyTheme(theme)
    }

    /// The sequences terminals send for the navigation keys, whichever family they belong to:
    /// a TERM that does not match the terminal (xterm-256color inside tmux or screen, a PuTTY
    /// session) would otherwise hand Home over as Esc [ 1 ~, and the 1 would switch panes.
    /// Only sequences the terminal's own description leaves free are bound.
    static func defineCommonKeys() {
        let keys: [(String, Int32)] = [
            ("\u{1B}[1~", KEY_HOME), ("\u{1B}[7~", KEY_HOME), ("\u{1B}[H", KEY_HOME), ("\u{1B}OH", KEY_HOME),
            ("\u{1B}[4~", KEY_END), ("\u{1B}[8~", KEY_END), ("\u{1B}[F", KEY_END), ("\u{1B}OF", KEY_END),
            ("\u{1B}[5~", KEY_PPAGE), ("\u{1B}[6~", KEY_NPAGE), ("\u{1B}[3~", KEY_DC), ("\u{1B}[Z", KEY_BTAB),
            ("\u{1B}[A", KEY_UP), ("\u{1B}[B", KEY_DOWN), ("\u{1B}[C", KEY_RIGHT), ("\u{1B}[D", KEY_LEFT),
            ("\u{1B}OA", KEY_UP), ("\u{1B}OB", KEY_DOWN), ("\u{1B}OC", KEY_RIGHT), ("\u{1B}OD", KEY_LEFT),
        ]
        for (sequence, code) in keys where key_defined(sequence) == 0 {
            _ = define_key(sequence, code)
        }
        // Bracketed paste's markers, always ours: pasted text must never arrive as keys.
        _ = define_key("\u{1B}[200~", pasteStart)
        _ = define_key("\u{1B}[201~", pasteEnd)
    }

    /// Asks the terminal to mark pasted text (xterm's bracketed paste, which tmux, screen, GNOME
    /// Terminal, iTerm2 and PuTTY also speak); terminals that do not know it ignore the request.
    static func setBracketedPaste(_ on: Bool) {
        let sequence = on ? "\u{1B}[?2004h" : "\u{1B}[?2004l"
        fflush(dw_stdout())
        _ = sequence.withCString { write(1, $0, strlen($0)) }
    }

    deinit {
        restore()
    }

    public var size: Size {
        if screen != nil { lastSize = Size(width: Int(dw_cols()), height: Int(dw_lines())) }
        return lastSize
    }

    /// Re-creates the colour pairs for `theme` and rewrites the whole screen in it.
    public func setTheme(_ theme: Theme) {
        guard screen != nil else { return }
        checkThread()
        applyTheme(theme)
        needsFullRedraw = true
        if let last = previous { draw(last) }
    }

    public func bell() {
        guard screen != nil else { return }
        checkThread()
        beep()
    }

    /// Ends curses and frees the screen; later calls (and `deinit`) do nothing. The signal
    /// handlers do only the `endwin()` half (see RestoreHandlers.swift).
    public func restore() {
        guard let screen else { return }
        self.screen = nil
        // endwin before clearing the flag: a signal arriving meanwhile calls endwin once more,
        // which is better than exiting half restored.
        endwin()
        NcursesTerminal.setBracketedPaste(false)
        bracketedPasteOn = false
        cursesOwnsTerminal = false
        delscreen(screen)
    }

    private func applyTheme(_ theme: Theme) {
        guard hasColors else {
            palette = Palette(theme: theme, colors: 0, maxPairs: 0, defaultColors: false)
            return
        }
        palette = Palette(theme: theme, colors: Int(dw_colors()), maxPairs: Int(dw_color_pairs()), defaultColors: defaultColors)
        for (i, p) in palette.pairs.enumerated() {
            init_pair(Int16(i + 1), p.foreground, p.background)
        }
    }

    func checkThread() {
        assert(pthread_equal(owner, pthread_self()) != 0, "NcursesTerminal used off the thread that created it")
    }

    /// A UTF-8 LC_CTYPE: the user's if it is UTF-8, else C.UTF-8 (present on every glibc system
    /// since 2.35) or, failing that, en_US.UTF-8. Curses decodes input and measures characters
    /// with it; in a non-UTF-8 locale CJK text would be drawn as blanks.
    static func chooseLocale() {
        if setlocale(LC_CTYPE, "") != nil, dw_codeset_is_utf8() != 0 { return }
        for name in ["C.UTF-8", "C.utf8", "en_US.UTF-8"] {
            if setlocale(LC_CTYPE, name) != nil, dw_codeset_is_utf8() != 0 { return }
        }
    }

    static func environment(_ name: String) -> String? {
        guard let value = getenv(name) else { return nil }
        return String(cString: value)
    }
}
