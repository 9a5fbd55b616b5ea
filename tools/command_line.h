// Parsing a tool's command line with the exit codes every tool shares: --help and
// --version exit 0, a usage error exits 2 (CLI11 prints the message either way).
#pragma once

#include <optional>

#include <CLI/CLI.hpp>

#include "img/exit_code.h"

// nullopt: the options are parsed, go on. Otherwise the exit code to return from main.
inline std::optional<int> parse_command_line(CLI::App& app, int argc, char** argv) {
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        int rc = app.exit(e);
        return rc == 0 ? img::kExitOk : img::kExitError;
    }
    return std::nullopt;
}
