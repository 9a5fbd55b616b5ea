#include "curses/terminal.h"

#include <csignal>
#include <cstdlib>
#include <cstring>
#include <termios.h>
#include <unistd.h>

#include <curses.h>
#include <term.h>

namespace img::tui {

namespace {

// What the signal handler needs, prepared before: the tty's modes and the bytes that leave the
// alternate screen, show the cursor and reset attributes.
struct termios g_saved_modes;
bool g_have_modes = false;
char g_reset[256];
size_t g_reset_len = 0;
constexpr int kSignals[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT};
struct sigaction g_previous[sizeof(kSignals) / sizeof(kSignals[0])];

void append_cap(const char* name) {
    char* s = tigetstr(const_cast<char*>(name));
    if (!s || s == reinterpret_cast<char*>(-1)) return;
    size_t n = std::strlen(s);
    if (g_reset_len + n > sizeof(g_reset)) return;
    std::memcpy(g_reset + g_reset_len, s, n);
    g_reset_len += n;
}

void restore_on_signal(int sig) {
    if (g_reset_len) (void)!::write(STDOUT_FILENO, g_reset, g_reset_len);
    if (g_have_modes) ::tcsetattr(STDIN_FILENO, TCSANOW, &g_saved_modes);
    for (size_t i = 0; i < sizeof(kSignals) / sizeof(kSignals[0]); ++i)
        if (kSignals[i] == sig) ::sigaction(sig, &g_previous[i], nullptr);
    // Delivered when this handler returns: the earlier handler, or the default action.
    ::raise(sig);
}

void install_handlers() {
    for (size_t i = 0; i < sizeof(kSignals) / sizeof(kSignals[0]); ++i) {
        struct sigaction sa {};
        sa.sa_handler = restore_on_signal;
        sigemptyset(&sa.sa_mask);
        ::sigaction(kSignals[i], &sa, &g_previous[i]);
    }
}

}  // namespace

bool Terminal::start(std::string& error, bool mouse) {
    if (!::isatty(STDIN_FILENO) || !::isatty(STDOUT_FILENO)) {
        error = "standard input and output must be a terminal (--batch runs without one)";
        return false;
    }
    g_have_modes = ::tcgetattr(STDIN_FILENO, &g_saved_modes) == 0;
    ::setenv("ESCDELAY", "25", 0);   // Esc answers at once, not after ncurses' default second
    if (!newterm(nullptr, stdout, stdin)) {
        error = "cannot use the terminal (TERM=" + std::string(std::getenv("TERM") ? std::getenv("TERM") : "") + ")";
        return false;
    }
    started_ = true;
    append_cap("rmcup");
    append_cap("cnorm");
    append_cap("sgr0");
    install_handlers();
    cbreak();
    noecho();
    nonl();
    keypad(stdscr, TRUE);
    curs_set(0);
    if (mouse) {
        // Presses, not clicks: ncurses would hold a press for mouseinterval (1/6 s) to see a release.
        mousemask(BUTTON1_PRESSED | BUTTON1_CLICKED | BUTTON4_PRESSED | BUTTON5_PRESSED, nullptr);
        mouseinterval(0);
    }
    const char* no_colour = std::getenv("NO_COLOR");
    colour_ = has_colors() && !(no_colour && *no_colour);
    if (colour_) {
        start_color();
        use_default_colors();
    }
    return true;
}

Terminal::~Terminal() {
    if (!started_) return;
    endwin();
    for (size_t i = 0; i < sizeof(kSignals) / sizeof(kSignals[0]); ++i) ::sigaction(kSignals[i], &g_previous[i], nullptr);
}

int Terminal::width() const { return COLS; }
int Terminal::height() const { return LINES; }

}  // namespace img::tui
