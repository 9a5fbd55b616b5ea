// Painter: puts a model's Screen on the terminal, each Style as an ncurses attribute (colours only
// when the terminal has them and NO_COLOR is unset).
#pragma once

#include "model/styled_line.h"

namespace img::tui {

class Painter {
public:
    explicit Painter(bool colour);
    void paint(const Screen& s);

private:
    int attr(Style s) const;
    bool colour_;
};

}  // namespace img::tui
