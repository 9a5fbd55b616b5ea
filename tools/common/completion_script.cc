#include "common/completion_script.h"

#include <algorithm>
#include <cstdio>
#include <vector>

#include <fmt/format.h>

#include "common/exit_code.h"

namespace img {

namespace {

// What an option's value is, as far as completing it goes: from the value's name in --help
// ("DIR", "TEXT:FILE", "TEXT", "SIZE", "INT"), which is all the option table says about it.
enum class ValueKind { None, Directory, File, Other };

// One option as the scripts need it: its names, what its value is, its first help line.
struct OptionSpec {
    std::vector<std::string> shorts;  // "h" for -h
    std::vector<std::string> longs;   // "help" for --help
    ValueKind value = ValueKind::None;
    bool repeatable = false;
    std::string help;
};

ValueKind value_kind(const CLI::Option& o) {
    if (o.get_items_expected_max() == 0) return ValueKind::None;  // a flag
    std::string text = o.get_option_text().empty() ? o.get_type_name() : o.get_option_text();
    if (text.find("DIR") != std::string::npos) return ValueKind::Directory;
    // A plain string ("TEXT") may well be a path: file names are offered, as bash does by default.
    if (text.find("FILE") != std::string::npos || text.find("PATH") != std::string::npos || text == "TEXT")
        return ValueKind::File;
    return ValueKind::Other;  // numbers, sizes, names, patterns: nothing to offer
}

// The help text up to its first clause break ("; " outside parentheses), on one line, at most
// 72 characters.
std::string short_help(std::string text) {
    std::replace(text.begin(), text.end(), '\n', ' ');
    int depth = 0;
    for (size_t i = 0; i + 1 < text.size(); ++i) {
        depth += text[i] == '(' ? 1 : text[i] == ')' ? -1 : 0;
        if (depth == 0 && text[i] == ';' && text[i + 1] == ' ') {
            text.resize(i);
            break;
        }
    }
    if (text.size() > 72) {
        size_t n = 71;
        while (n > 0 && (static_cast<unsigned char>(text[n]) & 0xC0) == 0x80) --n;  // not inside a UTF-8 character
        text = text.substr(0, n) + "…";
    }
    return text;
}

// Options --help lists (hidden ones, in the empty group, are left out), and whether the
// positional arguments take directories only.
std::vector<OptionSpec> named_options(const CLI::App& app) {
    std::vector<OptionSpec> specs;
    for (const CLI::Option* o : app.get_options()) {
        if (!o->nonpositional() || o->get_group().empty()) continue;
        OptionSpec s;
        for (const auto& n : o->get_snames()) s.shorts.push_back(n);
        for (const auto& n : o->get_lnames()) s.longs.push_back(n);
        s.value = value_kind(*o);
        s.repeatable = s.value != ValueKind::None && o->get_expected_max() > 1;
        s.help = short_help(o->get_description());
        specs.push_back(std::move(s));
    }
    return specs;
}

bool has_positionals(const CLI::App& app) {
    auto all = app.get_options();
    return std::any_of(all.begin(), all.end(), [](const CLI::Option* o) { return o->get_positional(); });
}

// Text inside single quotes, for shells where '\'' ends, escapes and reopens the quote.
std::string single_quoted_posix(std::string_view s) {
    std::string out;
    for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out;
}

std::string shell_function_name(std::string_view tool) {
    std::string name = "_";
    for (char c : tool) name += (c == '-' || c == '.') ? '_' : c;
    return name + "_complete";
}

std::string bash_names(const std::vector<OptionSpec>& specs, bool (*want)(const OptionSpec&)) {
    std::vector<std::string> words;
    for (const auto& s : specs) {
        if (!want(s)) continue;
        for (const auto& n : s.shorts) words.push_back("-" + n);
        for (const auto& n : s.longs) words.push_back("--" + n);
    }
    return fmt::format("{}", fmt::join(words, "|"));
}

std::string bash_script(const CLI::App& app, std::string_view tool) {
    auto specs = named_options(app);
    std::vector<std::string> all;
    for (const auto& s : specs) {
        for (const auto& n : s.shorts) all.push_back("-" + n);
        for (const auto& n : s.longs) all.push_back("--" + n);
    }
    std::string fn = shell_function_name(tool);
    std::string out = fmt::format("# bash completion for {0}, written by `{0} --completion bash` from its option table.\n", tool);
    out += fmt::format("{}() {{\n    local cur=${{COMP_WORDS[COMP_CWORD]}} prev=${{COMP_WORDS[COMP_CWORD-1]}}\n    case $prev in\n", fn);
    auto cases = std::vector<std::pair<std::string, std::string>>{
        {bash_names(specs, [](const OptionSpec& s) { return s.value == ValueKind::Directory; }), "compgen -d -- \"$cur\""},
        {bash_names(specs, [](const OptionSpec& s) { return s.value == ValueKind::File; }), "compgen -f -- \"$cur\""},
        {bash_names(specs, [](const OptionSpec& s) { return s.value == ValueKind::Other; }), ""}};
    for (const auto& [names, action] : cases) {
        if (names.empty()) continue;
        if (action.empty()) out += fmt::format("        {}) return ;;\n", names);
        else out += fmt::format("        {}) COMPREPLY=($({})); return ;;\n", names, action);
    }
    out += "    esac\n";
    out += fmt::format("    if [[ $cur == -* ]]; then\n        COMPREPLY=($(compgen -W '{}' -- \"$cur\"))\n",
                       fmt::join(all, " "));
    if (has_positionals(app)) out += "    else\n        COMPREPLY=($(compgen -f -- \"$cur\"))\n";
    out += fmt::format("    fi\n}}\ncomplete -o filenames -F {} {}\n", fn, tool);
    return out;
}

// zsh's _arguments specs put the help in [...] and the value after ':': those and '\' escaped.
std::string zsh_help(std::string_view s) {
    std::string out;
    for (char c : s) {
        if (c == '[' || c == ']' || c == ':' || c == '\\') out += '\\';
        out += c;
    }
    return single_quoted_posix(out);
}

std::string zsh_script(const CLI::App& app, std::string_view tool) {
    std::string out = fmt::format("#compdef {0}\n# zsh completion for {0}, written by `{0} --completion zsh` from its option table.\n", tool);
    out += "_arguments -s -S";
    for (const auto& s : named_options(app)) {
        std::string value = s.value == ValueKind::Directory ? ":DIR:_files -/"
                            : s.value == ValueKind::File  ? ":FILE:_files"
                            : s.value == ValueKind::Other ? ":VALUE: "
                                                          : "";
        std::vector<std::string> names;
        for (const auto& n : s.shorts) names.push_back("-" + n);
        for (const auto& n : s.longs) names.push_back("--" + n);
        for (const auto& n : names)
            out += fmt::format(" \\\n  '{}{}[{}]{}'", s.repeatable ? "*" : "", n, zsh_help(s.help), value);
    }
    if (has_positionals(app)) out += " \\\n  '*:FILE:_files'";
    return out + "\n";
}

// fish: single quotes, where only \ and ' are escaped.
std::string fish_quoted(std::string_view s) {
    std::string out = "'";
    for (char c : s) {
        if (c == '\\' || c == '\'') out += '\\';
        out += c;
    }
    return out + "'";
}

std::string fish_script(const CLI::App& app, std::string_view tool) {
    std::string out = fmt::format("# fish completion for {0}, written by `{0} --completion fish` from its option table.\n", tool);
    if (!has_positionals(app)) out += fmt::format("complete -c {} --no-files\n", tool);
    for (const auto& s : named_options(app)) {
        std::string line = fmt::format("complete -c {}", tool);
        for (const auto& n : s.shorts) line += " -s " + n;
        for (const auto& n : s.longs) line += " -l " + n;
        if (s.value == ValueKind::Directory) line += " -x -a '(__fish_complete_directories)'";
        else if (s.value == ValueKind::File) line += " -r -F";
        else if (s.value == ValueKind::Other) line += " -x";
        out += line + " -d " + fish_quoted(s.help) + "\n";
    }
    return out;
}

}  // namespace

std::optional<std::string> completion_script(const CLI::App& app, std::string_view tool, std::string_view shell) {
    if (shell == "bash") return bash_script(app, tool);
    if (shell == "zsh") return zsh_script(app, tool);
    if (shell == "fish") return fish_script(app, tool);
    return std::nullopt;
}

int print_completion_script(const CLI::App& app, std::string_view tool, std::string_view shell) {
    auto script = completion_script(app, tool, shell);
    if (!script) {
        fmt::print(stderr, "{}: --completion {}: no such shell (bash, zsh or fish)\n", tool, shell);
        return kExitError;
    }
    fmt::print("{}", *script);
    return std::fflush(stdout) == 0 ? kExitOk : kExitError;
}

}  // namespace img
