// The memory commands a tool offers (hexdump, literal and regex search) in one
// call: a plain options struct the tool binds to its command line, and output
// as text or JSON to the streams the tool hands over. A program without this
// command line (a TUI) calls the library's hexdump and search_dump itself. img-show maps
//   --hexdump PID:ADDR[+LEN]  --search STRING  --search-regex RE
//   --context N  --pid PID  --max-matches N  --json [--pretty]
// onto MemoryCommand and calls run_memory_command.
#pragma once

#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <vector>

#include "img/model/checkpoint.h"
#include "img/support/error.h"

namespace img {

struct MemoryCommand {
    std::string hexdump;           // PID:ADDR[+LEN] (see parse_memory_spec)
    std::string search;            // literal bytes
    std::string search_regex;      // PCRE2 pattern
    uint64_t context = 0;          // bytes of context on each side of a match
    std::optional<uint32_t> pid;   // search one task (default: all)
    uint64_t max_matches = 0;      // 0: all
    bool json = false;
    bool pretty = false;           // with json: indented
    bool squeeze = true;           // hexdump text: "*" for repeated lines, as hexdump -C
};

// True when one of --hexdump, --search, --search-regex was given.
bool wants_memory_command(const MemoryCommand& c);
// A usage problem (none or several of the three given, --context without a search...), or nullopt.
std::optional<std::string> memory_command_usage_error(const MemoryCommand& c);

// Where a search draws its progress line (ProgressLine::stream): stderr when it is a terminal
// and the output is not JSON, else nullptr (nothing is drawn into pipes, files or JSON runs).
std::FILE* memory_progress_stream(const MemoryCommand& c);

struct MemoryCommandResult {
    uint64_t matches = 0;   // search: matches reported
    uint64_t scanned = 0;   // search: bytes of memory looked at
    std::vector<std::string> notes;   // what the dump lacks of the memory asked about (warnings)
};

// Runs the command on `dump`, printing to `out`; progress (if not nullptr) gets a ProgressLine,
// erased before any output line and at the end.
Expected<MemoryCommandResult> run_memory_command(Checkpoint& dump, const MemoryCommand& c, std::FILE* out,
                                                 std::FILE* progress = nullptr);

}  // namespace img
