// Shell completion scripts (bash, zsh, fish) for one tool, written from its CLI11 option table,
// so they list exactly the options its --help shows. `TOOL --completion SHELL` prints one; the
// build writes all three beside the tool (cmake/ImgToolExtras.cmake) and installs them.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <CLI/CLI.hpp>

namespace img {

// The script for shell "bash", "zsh" or "fish"; nullopt for any other name.
std::optional<std::string> completion_script(const CLI::App& app, std::string_view tool, std::string_view shell);

// `TOOL --completion SHELL`: the script on stdout (exit 0), or a usage error naming the shells
// (exit 2).
int print_completion_script(const CLI::App& app, std::string_view tool, std::string_view shell);

}  // namespace img
