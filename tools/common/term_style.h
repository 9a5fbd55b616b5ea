// Terminal styling shared by the tools: colour only on a TTY, never with NO_COLOR.
#pragma once

#include <cstdio>
#include <string>
#include <string_view>

namespace img {

class TermStyle {
public:
    explicit TermStyle(std::FILE* f);
    bool colour() const { return colour_; }
    std::string red(std::string_view s) const { return wrap("31", s); }
    std::string green(std::string_view s) const { return wrap("32", s); }
    std::string yellow(std::string_view s) const { return wrap("33", s); }
    std::string bold(std::string_view s) const { return wrap("1", s); }
    std::string dim(std::string_view s) const { return wrap("2", s); }

private:
    std::string wrap(const char* code, std::string_view s) const;
    bool colour_ = false;
};

}  // namespace img
