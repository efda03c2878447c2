#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
@preconcurrency import CNcursesw
import ConsoleUI

extension NcursesTerminal {
    /// Waits up to `timeoutMilliseconds` (negative: forever) for a key.
    ///
    /// `wget_wch` answers ERR for three reasons: the time ran out, a signal interrupted the wait
    /// (EINTR), or stdin is at end of file — then every call fails at once and a loop that takes
    /// ERR for "idle" spins at 100% CPU. An ERR that comes before the timeout and not from EINTR
    /// is therefore checked with `poll` on fd 0:
    /// - POLLHUP/POLLERR/POLLNVAL: the other end is gone (a closed pipe, a hung-up terminal):
    ///   end of input.
    /// - readable although curses just read nothing, with stdin not a terminal (`< /dev/null`, a
    ///   file: these poll readable and read 0 forever): end of input once this happens three times
    ///   in a row with no key in between, so a key that arrived just after a timeout is not
    ///   mistaken for end of file. A terminal in cbreak mode never reads 0 bytes without hanging
    ///   up, so on a terminal only POLLHUP ends input.
    /// Whatever curses does, at most three quick ERRs are retried per call; after that the rest
    /// of the timeout is slept away, so the caller can never spin.
    public func readInput(timeoutMilliseconds: Int) -> InputEvent {
        guard screen != nil else { return .endOfInput }
        checkThread()
        let clock = ContinuousClock()
        let start = clock.now
        let limit = Duration.milliseconds(timeoutMilliseconds)
        var quickErrors = 0
        while true {
            if let interrupt = takeInterrupt() { return interrupt }
            let elapsed = clock.now - start
            let remaining = timeoutMilliseconds < 0 ? -1 : max(0, timeoutMilliseconds - NcursesTerminal.milliseconds(elapsed))
            wtimeout(window, Int32(clamping: remaining))
            var wch: wint_t = 0
            errno = 0
            let status = wget_wch(window, &wch)
            let savedErrno = errno
            if status == OK {
                quickErrorsWhileReadable = 0
                if let key = NcursesTerminal.key(character: UInt32(wch)) { return .key(key) }
                continue
            }
            if status == KEY_CODE_YES {
                quickErrorsWhileReadable = 0
                let code = Int32(bitPattern: UInt32(wch))
                if code == NcursesTerminal.pasteStart { return .paste(readPaste()) }
                if code == KEY_RESIZE {
                    // The terminal may have reflowed what was on it: rewrite every cell.
                    needsFullRedraw = true
                    _ = size
                    return .key(.resize)
                }
                if let key = NcursesTerminal.key(code: code) { return .key(key) }
                continue
            }
            if savedErrno == EINTR { return takeInterrupt() ?? .idle }
            // (With a zero timeout every ERR is "in time": go on to the probe, or a caller polling
            // with 0 would never learn of end of file.)
            if timeoutMilliseconds > 0, clock.now - start >= limit { return .idle }
            switch NcursesTerminal.probeStdin() {
            case .closed:
                return .endOfInput
            case .readable where isatty(0) == 0:
                quickErrorsWhileReadable += 1
                if quickErrorsWhileReadable >= 3 { return .endOfInput }
            default:
                break
            }
            quickErrors += 1
            if quickErrors >= 3 {
                if timeoutMilliseconds >= 0 {
                    let left = limit - (clock.now - start)
                    if left > .zero { _ = poll(nil, 0, Int32(clamping: NcursesTerminal.milliseconds(left))) }
                } else {
                    _ = poll(nil, 0, 100)
                }
                return .idle
            }
        }
    }

    /// Key codes of our own (above every curses code) for the bracketed-paste markers.
    static let pasteStart: Int32 = 0x7F00
    static let pasteEnd: Int32 = 0x7F01
    /// A paste longer than this is cut: no field holds more, and a runaway paste must not
    /// hold the screen.
    static let pasteLimit = 64 * 1024

    /// Reads a bracketed paste up to its end marker. Everything between the markers is text,
    /// Enter and Esc included (CR becomes a line break); a key curses recognised inside it is
    /// dropped, since the pasted bytes are not keys. A paste whose end never comes ends after a
    /// quiet half second, so a broken terminal cannot swallow the keyboard.
    func readPaste() -> String {
        var text = String.UnicodeScalarView()
        var count = 0
        while true {
            wtimeout(window, 500)
            var wch: wint_t = 0
            let status = wget_wch(window, &wch)
            if status == KEY_CODE_YES {
                let code = Int32(bitPattern: UInt32(wch))
                if code == NcursesTerminal.pasteEnd { break }
                if code == KEY_RESIZE { needsFullRedraw = true }
                if code == KEY_ENTER { text.append("\n") }
                continue
            }
            guard status == OK else {
                if errno == EINTR { continue }
                break
            }
            count += 1
            guard count <= NcursesTerminal.pasteLimit, let scalar = Unicode.Scalar(UInt32(wch)) else { continue }
            text.append(scalar == "\r" ? "\n" : scalar)
        }
        return String(text)
    }

    /// A Ctrl-C the signal handler noted, as the key it was typed as.
    private func takeInterrupt() -> InputEvent? {
        guard interruptsPending > 0 else { return nil }
        interruptsPending -= 1
        return .key(.ctrl("c"))
    }

    enum StdinState { case closed, readable, quiet }

    static func probeStdin() -> StdinState {
        var fd = pollfd(fd: 0, events: Int16(POLLIN), revents: 0)
        guard poll(&fd, 1, 0) >= 0 else { return .quiet }
        if fd.revents & Int16(POLLHUP | POLLERR | POLLNVAL) != 0 { return .closed }
        return fd.revents & Int16(POLLIN) != 0 ? .readable : .quiet
    }

    static func milliseconds(_ d: Duration) -> Int {
        let (seconds, attoseconds) = d.components
        return Int(seconds) * 1000 + Int(attoseconds / 1_000_000_000_000_000)
    }

    /// A character from `wget_wch`. Control characters become the keys they are typed as;
    /// Ctrl-letter is `.ctrl` with the lowercase letter (`.ctrl("l")`). Ctrl-C, Ctrl-\ and Ctrl-Z
    /// never arrive: in cbreak mode the terminal turns them into signals.
    static func key(character c: UInt32) -> Key? {
        switch c {
        case 9: return .tab
        case 10, 13: return .enter
        case 27: return .escape
        case 8, 127: return .backspace
        case 1...26: return .ctrl(Character(Unicode.Scalar(UInt8(0x60 + c))))
        case 0, 28...31: return .ctrl(Character(Unicode.Scalar(UInt8(0x40 + c))))
        case 0x80..<0xA0: return nil
        default:
            guard let s = Unicode.Scalar(c) else { return nil }
            return .char(Character(s))
        }
    }

    /// A curses key code (`KEY_CODE_YES`). Keypad and vt220 variants of Home/End/PgUp/PgDn map
    /// to the same keys; codes the console has no use for give nil and are skipped.
    static func key(code: Int32) -> Key? {
        switch code {
        case KEY_UP: return .up
        case KEY_DOWN: return .down
        case KEY_LEFT: return .left
        case KEY_RIGHT: return .right
        case KEY_HOME, KEY_A1, KEY_FIND: return .home
        case KEY_END, KEY_C1, KEY_SELECT: return .end
        case KEY_PPAGE, KEY_A3: return .pageUp
        case KEY_NPAGE, KEY_C3: return .pageDown
        case KEY_DC: return .delete
        case KEY_BTAB: return .backTab
        case KEY_BACKSPACE: return .backspace
        case KEY_ENTER: return .enter
        case KEY_RESIZE: return .resize
        case dw_key_f(1)...dw_key_f(63): return .function(Int(code - dw_key_f(0)))
        default: return nil
        }
    }
}
