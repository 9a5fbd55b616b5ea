// Options of img-show, bound to the command line by setup_show().
#pragma once

#include <string>

#include <CLI/CLI.hpp>

struct ShowToolOptions {
    std::string input = "-";
    bool json = false;
    bool pretty = false;
    bool info = false;
    bool nopl = false;
};

void setup_show(CLI::App& app, ShowToolOptions& o);
