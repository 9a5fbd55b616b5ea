// Runs a tool binary as a child process with given stdin, capturing stdout,
// stderr and the exit status (with a timeout, so a hanging tool fails the test).
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace img::test {

struct RunResult {
    int exit_code = -1;     // -1 when killed by a signal or not started
    int signal = 0;         // the signal that ended it, 0 if it exited
    bool timed_out = false;
    long max_rss_kib = 0;   // the child's peak resident memory (wait4)
    std::string out, err;
};

// argv[0] is the program path. stdin gets `input` (then EOF); nullopt leaves
// stdin as /dev/null. Runs in `cwd` when given.
RunResult run(const std::vector<std::string>& argv, std::optional<std::string> input = std::nullopt,
              const std::string& cwd = "", int timeout_seconds = 60);

std::ostream& operator<<(std::ostream& os, const RunResult& r);

}  // namespace img::test
