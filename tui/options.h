// Options of img-tui, bound to the command line by setup_tui().
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "common/command_line.h"

struct TuiToolOptions {
    std::vector<std::string> inputs;       // DIR|ARCHIVE, or A B with --diff
    std::optional<uint32_t> pid;           // the task selected first
    bool diff = false;                     // --diff A B
    bool batch = false;                    // --batch: no terminal, print the screen
    bool no_mouse = false;                 // --no-mouse: the terminal keeps the mouse
    std::vector<std::string> commands;     // -c CMD, in order
    std::string size = "80x24";            // --size WxH (batch)
    ArchiveToolOptions archive;            // --max-unpacked
};

void setup_tui(CLI::App& app, TuiToolOptions& o);
// "WxH" into width and height; false when it is not one (20x5 to 1000x1000).
bool parse_size(const std::string& s, int& width, int& height);
