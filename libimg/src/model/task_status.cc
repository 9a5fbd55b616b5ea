#include "img/model/task_status.h"

#include <fmt/format.h>

#include "img/support/display.h"

namespace img {

std::string task_state_name(uint32_t s) {
    switch (s) {
    case 1: return "alive";
    case 2: return "zombie";
    case 3: return "stopped";
    }
    return fmt::format("state {}", s);
}

Expected<std::string> task_state(Checkpoint& d, uint32_t pid) {
    auto c = d.core(pid);
    if (!c) return std::move(c).error();
    if (!*c || !(*c)->has_tc()) return std::string();
    return task_state_name((*c)->tc().task_state());
}

Expected<std::string> task_comm(Checkpoint& d, uint32_t pid) {
    auto c = d.core(pid);
    if (!c) return std::move(c).error();
    if (!*c || !(*c)->has_tc()) return std::string();
    return display_text((*c)->tc().comm());
}

}  // namespace img
