// Options of img-encode, bound to the command line by setup_encode().
#pragma once

#include <string>

#include <CLI/CLI.hpp>

struct EncodeToolOptions {
    std::string input = "-";
    std::string output = "-";
};

void setup_encode(CLI::App& app, EncodeToolOptions& o);
