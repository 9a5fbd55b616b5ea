// Near misses on the command line: the option of an App a mistyped one was most likely meant to
// be ("--veiw" -> "--view"), by edit distance over the App's option names.
#pragma once

#include <string>
#include <string_view>

#include <CLI/CLI.hpp>

namespace img {

// Edits (insert, delete, replace, swap two neighbours) that turn `a` into `b`.
size_t edit_distance(std::string_view a, std::string_view b);

// The App's option name nearest to `given` ("--veiw" or "-x", without any "=VALUE"), or "" when
// none is near enough to suggest.
std::string nearest_option(const CLI::App& app, std::string_view given);

}  // namespace img
