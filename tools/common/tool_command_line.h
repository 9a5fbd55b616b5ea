// How every tool parses its command line and says what was wrong with it: one voice (the tool's
// name first, what to try last), help in 80 columns, exit codes 0 (--help, --version) and 2.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <CLI/CLI.hpp>

namespace img {

// Parses with the help laid out in 80 columns. An option the App does not know fails before
// anything is parsed, so a misspelled option's value is never taken as a positional argument.
// nullopt: parsed, go on; otherwise the exit code to return from main.
std::optional<int> parse_tool_command_line(CLI::App& app, int argc, char** argv, const std::string& version);

// "TOOL: WHAT; try 'TOOL --help'" on stderr; returns kExitError.
int usage_error(const CLI::App& app, std::string_view what);

// "missing input (DESCRIPTION)" for a positional argument that was not given; with several
// positionals, the missing one is named ("missing input B (...)").
std::string missing_positional(const CLI::App& app, const CLI::Option& positional);

// Checks an option's value names an existing file (or directory): "FILE: no such file",
// "FILE: not a directory". The tool's message reads "--branch-map nosuch.map: no such file".
CLI::Validator existing_file();
CLI::Validator existing_directory();

}  // namespace img
