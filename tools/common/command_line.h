// Parsing a tool's command line in the voice every tool shares: --help and --version exit 0;
// a usage error is one line on stderr that starts with the tool's name, says what was wrong and
// what to try ("did you mean --view?", "try 'img-show --help'"), and exits 2.
#pragma once

#include <optional>
#include <string>

#include <CLI/CLI.hpp>

#include "img/model/checkpoint_archive.h"
#include "common/completion_script.h"
#include "common/exit_code.h"
#include "img/io/temp_dir_cleanup.h"
#include "common/tool_command_line.h"

#ifndef IMG_VERSION
#error "IMG_VERSION (the project's version, a string) is defined by tools/CMakeLists.txt"
#endif


// nullopt: the options are parsed, go on. Otherwise the exit code to return from main.
// The App's name is the tool's ("img-show"); --version prints "TOOL (criu-img) VERSION". Not in
// --help: `--completion SHELL` prints the shell's completion script, made from the options set up.
inline std::optional<int> parse_command_line(CLI::App& app, int argc, char** argv) {
    std::string version = app.get_name() + " (criu-img) " IMG_VERSION;
    if (argc == 3 && std::string_view(argv[1]) == "--completion") {
        app.set_version_flag("--version", version, "print the version and exit");
        return img::print_completion_script(app, app.get_name(), argv[2]);
    }
    return img::parse_tool_command_line(app, argc, argv, version);
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
