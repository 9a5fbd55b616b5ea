// Options of img-coredump, bound to the command line by setup_coredump().
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include <CLI/CLI.hpp>

#include "common/command_line.h"

struct CoredumpToolOptions {
    std::string dump;
    std::string out_dir = ".";
    std::optional<uint32_t> pid;
    std::string root;
    bool json = false;
    bool quiet = false;
    ArchiveToolOptions archive;   // --max-unpacked
};

void setup_coredump(CLI::App& app, CoredumpToolOptions& o);
