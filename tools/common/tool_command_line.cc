#include "common/tool_command_line.h"

#include <sys/stat.h>

#include <cctype>
#include <cstdio>
#include <memory>

#include <fmt/format.h>

#include "common/exit_code.h"
#include "common/help_formatter.h"
#include "common/option_suggest.h"

namespace img {

namespace {

// The first argument CLI11 would read as an option the App does not have ("--veiw", "-x"),
// with a suggestion; nullopt when every option is known. Stops at "--".
std::optional<std::string> unknown_option(const CLI::App& app, int argc, char** argv) {
    for (int i = 1; i < argc; ++i) {
        std::string arg = argv[i], name, value;
        if (arg == "--") break;
        if (CLI::detail::split_long(arg, name, value)) name = "--" + name;
        else if (CLI::detail::split_short(arg, name, value)) {
            // "-1" is a number unless the App has such an option (as CLI11 decides).
            if (std::isdigit(static_cast<unsigned char>(name[0])) && !app.get_option_no_throw("-" + name)) continue;
            name = "-" + name;
        } else {
            continue;
        }
        if (app.get_option_no_throw(name)) continue;
        std::string near = nearest_option(app, name);
        if (near.empty()) return fmt::format("unknown option {}", name);
        return fmt::format("unknown option {}; did you mean {}?", name, near);
    }
    return std::nullopt;
}

std::string lower_first(std::string s) {
    if (!s.empty() && s.size() > 1 && !std::isupper(static_cast<unsigned char>(s[1])))
        s[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(s[0])));
    return s;
}

// CLI11's message for `e`, said as the tools say things.
std::string parse_error_text(const CLI::App& app, const CLI::ParseError& e) {
    std::string what = e.what();
    if (dynamic_cast<const CLI::RequiredError*>(&e)) {
        for (const CLI::Option* opt : app.get_options())
            if (opt->get_positional() && opt->get_required() && opt->count() == 0) return missing_positional(app, *opt);
    }
    if (dynamic_cast<const CLI::ExtrasError*>(&e)) {
        auto colon = what.find(": ");
        return "unexpected argument" + (colon == std::string::npos ? what : what.substr(colon + 1));
    }
    return lower_first(what);
}

CLI::Validator path_validator(bool directory) {
    return CLI::Validator(
        [directory](std::string& path) -> std::string {
            struct stat st {};
            if (::stat(path.c_str(), &st) != 0) return path + (directory ? ": no such directory" : ": no such file");
            if (directory && !S_ISDIR(st.st_mode)) return path + ": not a directory";
            if (!directory && S_ISDIR(st.st_mode)) return path + ": a directory, not a file";
            return {};
        },
        directory ? "DIR" : "FILE");
}

}  // namespace

std::optional<int> parse_tool_command_line(CLI::App& app, int argc, char** argv, const std::string& version) {
    app.formatter(std::make_shared<HelpFormatter>());
    app.set_version_flag("--version", version, "print the version and exit");
    if (auto bad = unknown_option(app, argc, argv)) {
        if (bad->find("did you mean") != std::string::npos) {
            fmt::print(stderr, "{}: {}\n", app.get_name(), *bad);
            return kExitError;
        }
        return usage_error(app, *bad);
    }
    try {
        app.parse(argc, argv);
    } catch (const CLI::ValidationError& e) {
        // CLI11 says "NAME: MESSAGE"; ours read "--branch-map nosuch.map: no such file", which says
        // what to fix without a pointer to --help.
        std::string what = e.what();
        if (auto colon = what.find(": "); colon != std::string::npos) what.replace(colon, 2, " ");
        std::fflush(stdout);
        fmt::print(stderr, "{}: {}\n", app.get_name(), what);
        return kExitError;
    } catch (const CLI::ParseError& e) {
        if (e.get_exit_code() == static_cast<int>(CLI::ExitCodes::Success)) {
            app.exit(e);   // --help, --version: on stdout
            return kExitOk;
        }
        return usage_error(app, parse_error_text(app, e));
    }
    return std::nullopt;
}

int usage_error(const CLI::App& app, std::string_view what) {
    std::fflush(stdout);
    fmt::print(stderr, "{}: {}; try '{} --help'\n", app.get_name(), what, app.get_name());
    return kExitError;
}

std::string missing_positional(const CLI::App& app, const CLI::Option& positional) {
    size_t positionals = 0;
    for (const CLI::Option* opt : app.get_options()) positionals += opt->get_positional() ? 1 : 0;
    std::string name = positionals > 1 ? " " + positional.get_name() : "";
    return fmt::format("missing input{} ({})", name, positional.get_description());
}

CLI::Validator existing_file() { return path_validator(false); }
CLI::Validator existing_directory() { return path_validator(true); }

}  // namespace img
