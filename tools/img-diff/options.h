// Options of img-diff, bound to the command line by setup_diff().
#pragma once

#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "common/command_line.h"

struct DiffToolOptions {
    std::string a, b;                 // dumps (directories, checkpoint directories, archives) or images
    std::vector<std::string> only;    // --only tasks,vmas,...
    std::vector<std::string> ignore;  // --ignore FIELD (repeatable)
    std::string match = "pid";        // --match pid|comm
    bool pages = false;               // --pages
    std::string hexdiff;              // --hexdiff PID:ADDR[+LEN]
    bool stat = false;
    bool json = false;
    bool pretty = false;
    bool quiet = false;
    ArchiveToolOptions archive;
};

void setup_diff(CLI::App& app, DiffToolOptions& o);
