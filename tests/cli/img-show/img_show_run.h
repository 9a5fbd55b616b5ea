// What the img-show cli tests share: running img-show as a process and the captures they read.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "harness/paths.h"
#include "harness/process.h"

namespace img::test::show {

inline std::string show() { return tool_path("img-show"); }
inline std::string sleep_dir() { return captured_dir() + "/sleep"; }
inline std::string dump_dir(const std::string& name) { return captured_dir() + "/" + name; }

// img-show ARGS..., with `input` on its stdin when given.
inline RunResult show_run(std::vector<std::string> args, std::optional<std::string> input = std::nullopt) {
    args.insert(args.begin(), show());
    return run(args, std::move(input));
}

}  // namespace img::test::show
