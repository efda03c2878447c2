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

#endif
