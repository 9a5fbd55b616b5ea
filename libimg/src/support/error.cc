#include <fmt/format.h>

#include "img/support/byte_cursor.h"
#include "img/support/error.h"

namespace img {

std::string Error::message() const {
    // Without a file the message starts at what is known; the tool names its input (in_file).
    std::string s = file;
    auto part = [&s](std::string p) { s += s.empty() ? std::move(p) : ": " + p; };
    if (entry >= 0) part(fmt::format("entry #{}", entry));
    if (offset >= 0) {
        if (entry >= 0) s += fmt::format(" at offset {:#x}", offset);
        else part(fmt::format("at offset {:#x}", offset));
    }
    part(what);
    return s;
}

Error ByteCursor::short_read(const char* what, uint64_t n) const {
    return make_error(fmt::format("{} of {:#x} bytes runs past end of file ({:#x} bytes left)", what, n, remaining()),
                      static_cast<int64_t>(offset()));
}

}  // namespace img
