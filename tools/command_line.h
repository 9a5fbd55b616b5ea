// Parsing a tool's command line with the exit codes every tool shares: --help and
// --version exit 0, a usage error exits 2 (CLI11 prints the message either way).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <CLI/CLI.hpp>

#include "img/exit_code.h"

#ifndef IMG_VERSION
#error "IMG_VERSION (the project's version, a string) is defined by tools/CMakeLists.txt"
#endif

// nullopt: the options are parsed, go on. Otherwise the exit code to return from main.
// --version prints "TOOL (criu-img) VERSION", TOOL being the name it was run as.
inline std::optional<int> parse_command_line(CLI::App& app, int argc, char** argv) {
    std::string_view tool = argc > 0 ? argv[0] : "criu-img";
    if (auto slash = tool.rfind('/'); slash != std::string_view::npos) tool.remove_prefix(slash + 1);
    app.set_version_flag("--version", std::string(tool) + " (criu-img) " IMG_VERSION, "print the version and exit");
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        int rc = app.exit(e);
        return rc == 0 ? img::kExitOk : img::kExitError;
    }
    return std::nullopt;
}
