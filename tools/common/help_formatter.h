// HelpFormatter: CLI11's help laid out within 80 columns (option descriptions wrapped beside
// their names, long description and footer lines wrapped under their own indentation), and a
// positional shown in the usage line by the kinds of input it takes (its option text).
#pragma once

#include <string>
#include <string_view>

#include <CLI/CLI.hpp>

namespace img {

inline constexpr size_t kHelpWidth = 80;

// Every line of `text` at most `width` columns, broken at spaces. Prose broken by hand (a line
// going on with a small letter) is joined and wrapped as one paragraph. A continuation lines up
// with where the line's own text starts after a gap of two spaces ("  NAME   what it is ..."), or
// else with the line's indentation. A word longer than a line stays whole.
std::string wrap_lines(std::string_view text, size_t width = kHelpWidth);

class HelpFormatter : public CLI::Formatter {
public:
    HelpFormatter();
    std::string make_description(const CLI::App* app) const override;
    std::string make_footer(const CLI::App* app) const override;
    std::string make_option_desc(const CLI::Option* opt) const override;
    std::string make_option_opts(const CLI::Option* opt) const override;
    std::string make_option_usage(const CLI::Option* opt) const override;
};

}  // namespace img
