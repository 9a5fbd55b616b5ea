// Parsing a tool's command line with the exit codes every tool shares: --help and
// --version exit 0, a usage error exits 2 (CLI11 prints the message either way).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <CLI/CLI.hpp>

#include "img/model/checkpoint_archive.h"
#include "common/completion_script.h"
#include "common/exit_code.h"
#include "img/io/temp_dir_cleanup.h"

#ifndef IMG_VERSION
#error "IMG_VERSION (the project's version, a string) is defined by tools/CMakeLists.txt"
#endif

// nullopt: the options are parsed, go on. Otherwise the exit code to return from main.
// --version prints "TOOL (criu-img) VERSION", TOOL being the name it was run as. Not in --help:
// `--completion SHELL` prints the shell's completion script, made from the options just set up.
inline std::optional<int> parse_command_line(CLI::App& app, int argc, char** argv) {
    std::string_view tool = argc > 0 ? argv[0] : "criu-img";
    if (auto slash = tool.rfind('/'); slash != std::string_view::npos) tool.remove_prefix(slash + 1);
    app.set_version_flag("--version", std::string(tool) + " (criu-img) " IMG_VERSION, "print the version and exit");
    if (argc == 3 && std::string_view(argv[1]) == "--completion") return img::print_completion_script(app, tool, argv[2]);
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        int rc = app.exit(e);
        return rc == 0 ? img::kExitOk : img::kExitError;
    }
    return std::nullopt;
}

// What the tools that read checkpoint archives share: --max-unpacked SIZE.
struct ArchiveToolOptions {
    uint64_t max_unpacked = 0;
    CLI::Option* max_unpacked_given = nullptr;
};

inline void add_archive_options(CLI::App& app, ArchiveToolOptions& o) {
    o.max_unpacked_given =
        app.add_option("--max-unpacked", o.max_unpacked,
                       "archives: at most SIZE bytes unpacked into $TMPDIR (suffixes K, M, G; default 64 times the "
                       "archive, at least 256M, at most the free space less 64M)")
            ->transform(CLI::AsSizeValue(false))
            ->option_text("SIZE");
}

// Before a dump is opened: the budget for unpacking, and temporary folders removed on SIGINT,
// SIGTERM, SIGHUP, SIGQUIT, SIGPIPE and crashes (the library installs no handler by itself).
inline void apply_archive_options(const ArchiveToolOptions& o) {
    img::install_cleanup_on_signals();
    if (o.max_unpacked_given && o.max_unpacked_given->count()) img::set_max_unpacked(o.max_unpacked);
}
