#include "model/detail_tabs.h"

#include "img/views/views.h"
#include "model/images_panel.h"
#include "model/table_panel.h"

namespace img::tui {

namespace {

constexpr std::array<TabInfo, 11> kTabs{{
    {"overview", {"overview", "namespaces"}},
    {"threads", {"threads", "regs"}},
    {"vmas", {"mems", ""}},
    {"fds", {"fds", ""}},
    {"files", {"files", ""}},
    {"sockets", {"sockets", ""}},
    {"pipes", {"pipes", ""}},
    {"signals", {"sigactions", ""}},
    {"rlimits", {"rlimits", ""}},
    {"cmdline", {"cmdline", "env"}},
    {"images", {"", ""}, true},
}};

// Enter on a VMA row: its bytes (the "exe" row has no address and opens nothing).
TablePanel::Opener vma_opener(uint32_t pid) {
    return [pid](const TableFormat& f, size_t r) -> std::optional<OpenTarget> {
        auto start = f.number(r, "start");
        if (!start) return std::nullopt;
        OpenTarget t;
        t.kind = OpenTarget::Kind::Memory;
        t.pid = pid;
        t.addr = *start;
        return t;
    };
}

}  // namespace

std::span<const TabInfo> detail_tabs() { return kTabs; }

int find_tab(std::string_view name) {
    for (size_t i = 0; i < kTabs.size(); ++i)
        if (kTabs[i].name == name) return static_cast<int>(i);
    return -1;
}

std::unique_ptr<Panel> build_tab_panel(Checkpoint& dump, const TabInfo& tab, uint32_t pid, const TaskPane& tasks,
                                       const VmaMarker& vma_marks) {
    if (tab.images) return std::make_unique<ImagesPanel>(dump);
    ViewOptions o;
    o.pid = pid;
    std::vector<TableSection> sections;
    for (auto name : tab.views) {
        const ViewInfo* v = name.empty() ? nullptr : find_view(name);
        if (v && name == "overview") sections.push_back({std::string(v->title), tasks.overview_of(pid)});
        else if (v) sections.push_back({std::string(v->title), v->fn(dump, o)});
    }
    // A per-task tab needs no pid column, except where rows of other tasks may show (files, pipes).
    std::vector<std::string_view> drop{"pid"};
    bool vmas = tab.views[0] == "mems";
    auto panel = std::make_unique<TablePanel>(std::string(tab.name), std::move(sections), std::move(drop),
                                              vmas ? vma_opener(pid) : TablePanel::Opener{});
    if (vmas && vma_marks)
        panel->set_marker([pid, vma_marks](const TableFormat& f, size_t r) {
            auto start = f.number(r, "start");
            return start ? vma_marks(pid, *start) : ' ';
        });
    return panel;
}

}  // namespace img::tui
