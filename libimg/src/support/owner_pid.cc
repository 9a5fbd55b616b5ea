#include "img/support/owner_pid.h"

#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <climits>

namespace img {

std::optional<uint64_t> parse_owner_pid(std::string_view digits) {
    if (digits.empty() || digits.size() > 10) return std::nullopt;
    uint64_t v = 0;
    for (char c : digits) {
        if (c < '0' || c > '9') return std::nullopt;
        v = v * 10 + static_cast<uint64_t>(c - '0');
    }
    return v;
}

bool owner_is_gone(uint64_t pid) {
    if (pid == 0) return false;
    if (pid > static_cast<uint64_t>(INT_MAX)) return true;   // no process has such an id
    if (static_cast<pid_t>(pid) == ::getpid()) return false;
    return ::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH;
}

}  // namespace img
