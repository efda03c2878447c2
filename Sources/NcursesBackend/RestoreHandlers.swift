#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
@preconcurrency import CNcursesw

// Why this file exists: curses puts the terminal in cbreak/noecho mode on the alternate screen. A
// process that dies without `endwin()` (Ctrl-C, `kill`, a hang-up, or a Swift trap: on Linux a
// failed precondition or `fatalError` is SIGILL on x86-64 and SIGTRAP on arm64) leaves the
// officer's shell blind: typed text invisible, no line editing. So each of those signals first
// gives the terminal back, then lets the signal do what it would have done.
//
// Signal handlers are C function pointers: they can capture nothing and must not allocate, take
// locks or touch Swift objects. They read the plain globals below, written on the main thread
// (before installation, or as a single word store). `endwin()` is not on POSIX's
// async-signal-safe list, but it only writes the reset sequences and calls tcsetattr; ncurses'
// own SIGINT/SIGTERM handler does the same. `delscreen` (which frees) is left to `restore()`.

/// True while a curses screen owns the terminal (`NcursesTerminal` sets and clears it).
nonisolated(unsafe) var cursesOwnsTerminal = false

/// The action each signal had before ours, by signal number: a crash is handed on to it, so the
/// Swift runtime's backtracer (or the default core dump) still reports the crash.
nonisolated(unsafe) let previousActions = UnsafeMutablePointer<sigaction>.allocate(capacity: 65)

nonisolated(unsafe) var restoreHandlersInstalled = false

/// True while the terminal was asked for bracketed paste: a signal turns it off again, or the
/// officer's shell would see every later paste wrapped in ESC [200~ … ESC [201~.
nonisolated(unsafe) var bracketedPasteOn = false
private let bracketedPasteOff: StaticString = "\u{1B}[?2004l"

/// Gives the terminal back from a signal handler: `endwin()` only, once.
private func endwinFromSignal() {
    if cursesOwnsTerminal {
        cursesOwnsTerminal = false
        endwin()
    }
    if bracketedPasteOn {
        bracketedPasteOn = false
        _ = write(1, bracketedPasteOff.utf8Start, bracketedPasteOff.utf8CodeUnitCount)
    }
}

/// Someone asked the console to stop (Ctrl-C, `kill`, the terminal went away): restore and exit
/// with the status a shell gives a process killed by that signal. Journal appends are fsynced
/// before the screen says "saved", so nothing acknowledged is lost by exiting here.
private let terminatingHandler: @convention(c) (Int32) -> Void = { signo in
    endwinFromSignal()
    _exit(128 + signo)
}

/// Ctrl-C (SIGINT) while the console runs is a key: the loop reads it as `.ctrl("c")` and asks
/// before quitting, as `q` does. Should the loop not take it (hung), a third Ctrl-C still ends
/// the process as before; without the console's screen SIGINT ends at once.
nonisolated(unsafe) var interruptsPending: Int32 = 0

private let interruptHandler: @convention(c) (Int32) -> Void = { signo in
    guard cursesOwnsTerminal, interruptsPending < 2 else {
        endwinFromSignal()
        _exit(128 + signo)
    }
    interruptsPending += 1
}

/// A crash, or SIGQUIT (which asks for a core): restore, then hand the signal to the action that
/// was there before (the Swift runtime's backtracer, or the default) and make sure it is fatal.
/// - The CPU faulted (a trap, a bad access): the signal is raised again while blocked, so it is
///   delivered as this handler returns, with the faulting instruction as the context; should the
///   previous handler return, the instruction runs again and faults under the default action.
/// - Anything else (Ctrl-\, `abort()`, `kill -SEGV`): nothing would fault again, and the Swift
///   backtracer returns after printing for such signals (checked: the console ran on with the
///   terminal given back and this handler gone). So the previous action runs at once (the
///   signal is unblocked) and, if it returns, the default action follows.
private let crashHandler: @convention(c) (Int32, UnsafeMutablePointer<siginfo_t>?, UnsafeMutableRawPointer?) -> Void = {
    signo, info, _ in
    endwinFromSignal()
    _ = dw_signal_put_back(signo, previousActions + Int(signo))
    if dw_signal_was_sent(signo, info) != 0 {
        _ = dw_signal_unblock(signo)
        raise(signo)
        _ = dw_signal_default(signo)
        raise(signo)
        _exit(128 + signo)
    }
    raise(signo)
}

extension NcursesTerminal {
    /// Signals that end the process normally: restore the terminal, exit 128 + signal number.
    /// SIGINT is Ctrl-C, which the console asks about first (see `interruptHandler`); SIGTERM and
    /// SIGHUP (a shutdown, a closed window) end it at once.
    static let terminatingSignals: [Int32] = [SIGINT, SIGTERM, SIGHUP]
    /// Signals that mean a crash (or ask for a core dump): restore, then the previous action.
    static let crashSignals: [Int32] = [SIGQUIT, SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGABRT, SIGFPE]

    /// Installs the handlers that give the terminal back before the process dies of a signal.
    /// Call once, early in `main` (on the main thread; further calls do nothing), before or after
    /// creating the terminal. A signal that was ignored when this runs (SIGHUP under `nohup`,
    /// SIGINT in a background job) stays ignored. SIGWINCH and SIGTSTP are left to ncurses, which
    /// turns the first into `.resize` and handles Ctrl-Z suspend/resume itself.
    public static func installRestoreHandlers() {
        if restoreHandlersInstalled { return }
        restoreHandlersInstalled = true
        previousActions.initialize(repeating: sigaction(), count: 65)
        installAlternateStack()
        // A launcher may start the console with signals blocked (a thread pool's mask survives
        // fork and exec, and tmux passes its own mask on to its panes): resize and Ctrl-C would
        // then never arrive.
        for signo in terminatingSignals + [SIGWINCH, SIGTSTP, SIGCONT] { _ = dw_signal_unblock(signo) }
        for signo in terminatingSignals {
            let old = previousActions + Int(signo)
            guard dw_signal_install(signo, signo == SIGINT ? interruptHandler : terminatingHandler, old) == 0 else { continue }
            if dw_signal_was_ignored(old) != 0 { _ = dw_signal_put_back(signo, old) }
        }
        for signo in crashSignals {
            _ = dw_signal_install_info(signo, crashHandler, previousActions + Int(signo))
        }
    }

    /// A stack for signal handlers on the main thread, unless one is already set (the Swift
    /// runtime's backtracer may have done so). Never freed: handlers may run until exit.
    private static func installAlternateStack() {
        var current = stack_t()
        guard sigaltstack(nil, &current) == 0, current.ss_flags & Int32(SS_DISABLE) != 0 else { return }
        let size = 256 * 1024
        guard let memory = malloc(size) else { return }
        var stack = stack_t()
        stack.ss_sp = memory
        stack.ss_size = size
        stack.ss_flags = 0
        _ = sigaltstack(&stack, nil)
    }
}
