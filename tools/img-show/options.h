// Options of img-show, bound to the command line by setup_show().
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "common/command_line.h"
#include "common/memory_cli.h"

struct ShowToolOptions {
    std::string input = "-";              // an image file, '-' for stdin, a dump directory or a checkpoint archive
    std::vector<std::string> inputs;      // as named; several only with --list (input is the first)
    bool list = false;                    // --list: one row per checkpoint of inputs (folders: their archives)
    bool json = false;
    bool pretty = false;
    bool info = false;
    bool nopl = false;
    // Directory mode (views of a whole dump).
    std::vector<std::string> views;       // names or comma lists; "all"; empty: the overview
    std::optional<uint32_t> pid;          // views: one task; search: one task (copied into memory.pid)
    // Memory commands on a dump (--hexdump, --search, --search-regex, --context, --max-matches).
    img::MemoryCommand memory;
    ArchiveToolOptions archive;           // --max-unpacked
};

void setup_show(CLI::App& app, ShowToolOptions& o);
