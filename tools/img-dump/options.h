// Options of img-dump, bound to the command line by setup_dump().
#pragma once

#include <string>
#include <vector>

#include <CLI/CLI.hpp>

struct DumpToolOptions {
    int pid = 0;
    std::string dir;
    bool tree = false;
    bool leave_running = false;
    bool verbose = false;
    std::string log_file;
    bool aufs = false;
    std::vector<std::string> aufs_si;
    std::vector<std::string> branch_maps;
    bool quiet = false;
};

void setup_dump(CLI::App& app, DumpToolOptions& o);
