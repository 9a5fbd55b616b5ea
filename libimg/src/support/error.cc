#include <fmt/format.h>

#include "img/support/byte_cursor.h"
#include "img/support/error.h"

namespace img {

std::string Error::message() const {
    std::string s = file.empty() ? std::string("<input>") : file;
    if (entry >= 0) s += fmt::format(": entry #{}", entry);
    if (offset >= 0) s += fmt::format("{} offset {:#x}", entry >= 0 ? " at" : ": at", offset);
    s += ": ";
    s += what;
    return s;
}

Error ByteCursor::short_read(const char* what, uint64_t n) const {
    return make_error(fmt::format("{} of {:#x} bytes runs past end of file ({:#x} bytes left)", what, n, remaining()),
                      static_cast<int64_t>(offset()));
}

}  // namespace img
