#ifndef DUTYWATCH_CNCURSESW_SHIM_H
#define DUTYWATCH_CNCURSESW_SHIM_H
/* SwiftPM drops pkg-config's -D flags, so wide-character curses must be asked for here. */
#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif
#include <locale.h>
#include <wchar.h>
#include <langinfo.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <ncursesw/curses.h>

/* Macros and globals that do not import into Swift (or are not concurrency-safe there). */
static inline WINDOW *dw_stdscr(void) { return stdscr; }
static inline int dw_lines(void) { return LINES; }
static inline int dw_cols(void) { return COLS; }
static inline int dw_key_f(int n) { return KEY_F(n); }
static inline attr_t dw_attr_normal(void) { return A_NORMAL; }
static inline attr_t dw_attr_bold(void) { return A_BOLD; }
static inline attr_t dw_attr_dim(void) { return A_DIM; }
static inline attr_t dw_attr_reverse(void) { return A_REVERSE; }
static inline attr_t dw_attr_underline(void) { return A_UNDERLINE; }
static inline attr_t dw_attr_blink(void) { return A_BLINK; }
static inline attr_t dw_color_pair(short n) { return (attr_t)COLOR_PAIR(n); }
static inline int dw_colors(void) { return COLORS; }
static inline int dw_color_pairs(void) { return COLOR_PAIRS; }
/* Glibc's stdin/stdout are mutable globals, which Swift 6 rejects as not concurrency-safe. */
static inline FILE *dw_stdin(void) { return stdin; }
static inline FILE *dw_stdout(void) { return stdout; }

/* How curses measures a character (the C library's table for the current LC_CTYPE). glibc
   declares wcwidth only for _XOPEN_SOURCE, which the Glibc module is not built with. */
extern int wcwidth(wchar_t);
static inline int dw_wcwidth(wchar_t c) { return wcwidth(c); }

/* True when LC_CTYPE (as set by setlocale) encodes text as UTF-8; CODESET is an enum that glibc
   and Darwin spell differently, so it is read here. */
static inline int dw_codeset_is_utf8(void) {
    const char *cs = nl_langinfo(CODESET);
    return cs != NULL && (strcmp(cs, "UTF-8") == 0 || strcmp(cs, "utf-8") == 0 || strcmp(cs, "utf8") == 0);
}

/* struct sigaction's handler is a union whose spelling differs between glibc and Darwin, so the
   backend installs handlers through these. `old` receives the action that was there before, so a
   crash handler can hand the signal on (to the Swift runtime's backtracer, or the default). */
typedef void (*dw_signal_handler)(int);
typedef void (*dw_signal_info_handler)(int, siginfo_t *, void *);
static inline int dw_signal_install(int signo, dw_signal_handler handler, struct sigaction *old) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = handler;
    sigemptyset(&sa.sa_mask);
    return sigaction(signo, &sa, old);
}
/* With siginfo, on the alternate stack (a stack overflow leaves no stack to run a handler on). */
static inline int dw_signal_install_info(int signo, dw_signal_info_handler handler, struct sigaction *old) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = handler;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
    return sigaction(signo, &sa, old);
}
static inline int dw_signal_put_back(int signo, const struct sigaction *old) {
    return sigaction(signo, old, NULL);
}
static inline int dw_signal_was_ignored(const struct sigaction *old) {
    return !(old->sa_flags & SA_SIGINFO) && old->sa_handler == SIG_IGN;
}
static inline int dw_signal_default(int signo) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = SIG_DFL;
    sigemptyset(&sa.sa_mask);
    return sigaction(signo, &sa, NULL);
}
/* True when no faulting instruction will run again and re-raise the signal: SIGQUIT and SIGABRT
   (Ctrl-\, abort()) never come from a fault, and other signals sent by a process (kill, raise)
   have si_code <= 0 on Linux. A tty's Ctrl-\ and some real faults (x86 general protection) both
   carry SI_KERNEL, hence the test on the signal number first. */
static inline int dw_signal_was_sent(int signo, const siginfo_t *info) {
    if (signo == SIGQUIT || signo == SIGABRT || info == NULL) return 1;
#ifdef __linux__
    return info->si_code <= 0;
#else
    return info->si_code == SI_USER || info->si_code == SI_QUEUE;
#endif
}
/* Unblocks `signo` in this thread, so raising it inside its own handler delivers it at once. */
static inline int dw_signal_unblock(int signo) {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, signo);
    return pthread_sigmask(SIG_UNBLOCK, &set, NULL);
}

#endif
