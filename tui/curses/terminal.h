// Terminal: ncurses started on construction and ended on destruction, and on SIGINT, SIGTERM, SIGHUP
// and SIGQUIT: the handler leaves the alternate screen and restores the tty's modes with
// async-signal-safe calls only, then hands the signal to the handler before it (which removes
// temporary folders and dies of the signal).
#pragma once

#include <string>

namespace img::tui {

class Terminal {
public:
    // False (with `error` set) when there is no usable terminal; ncurses is then not started.
    // With `mouse`, asks for left clicks and the wheel (a terminal without them sends none).
    bool start(std::string& error, bool mouse);
    ~Terminal();
    bool colour() const { return colour_; }
    int width() const;
    int height() const;

private:
    bool started_ = false;
    bool colour_ = false;
};

}  // namespace img::tui
