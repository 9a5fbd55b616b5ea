// Temporary files and folders carry the pid of the process that made them, so that the next run
// can remove what a killed run left and keep what a running one still uses: this says which.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace img {

// The pid written as decimal digits (1 to 10 of them, nothing else), or nullopt.
std::optional<uint64_t> parse_owner_pid(std::string_view digits);

// True when no process has this pid: kill(pid, 0) fails with ESRCH, or the number is beyond any
// pid. False for our own pid, for a live process, for 0, and when we cannot tell (EPERM).
bool owner_is_gone(uint64_t pid);

}  // namespace img
