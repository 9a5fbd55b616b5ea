// Options of img-show, bound to the command line by setup_show().
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

struct ShowToolOptions {
    std::string input = "-";              // an image file, '-' for stdin, or a dump directory
    bool json = false;
    bool pretty = false;
    bool info = false;
    bool nopl = false;
    // Directory mode (views of a whole dump).
    std::vector<std::string> views;       // names or comma lists; "all"; empty: the overview
    std::optional<uint32_t> pid;
};

void setup_show(CLI::App& app, ShowToolOptions& o);
