#include "model/json_tree_panel.h"

#include <cstdint>

#include "model/json_decode_job.h"

namespace img::tui {

namespace {
constexpr int kFoldedFrom = 3;   // depth from which containers start folded: each entry's fields show
}

Expected<std::unique_ptr<JsonTreePanel>> JsonTreePanel::open(Checkpoint& dump, const std::string& name) {
    auto job = JsonDecodeJob::open(dump, name);
    if (!job) return std::move(job.error());
    for (;;) {
        auto done = (*job)->step(UINT64_MAX);
        if (!done) return std::move(done.error());
        if (*done) break;
    }
    return (*job)->take_panel();
}

JsonTreePanel::JsonTreePanel(std::string title, std::vector<Node> nodes, std::string text)
    : title_(std::move(title)), nodes_(std::move(nodes)), text_(std::move(text)) {
    for (auto& n : nodes_) n.folded = n.depth >= kFoldedFrom && n.end > 0 && n.container;
    rebuild();
}

void JsonTreePanel::rebuild() {
    shown_.clear();
    for (size_t i = 0; i < nodes_.size();) {
        shown_.push_back(i);
        i = nodes_[i].folded ? nodes_[i].end : i + 1;
    }
}

StyledLine JsonTreePanel::row(size_t i) const {
    const Node& n = nodes_[shown_[i]];
    StyledLine line(std::string(2 * static_cast<size_t>(n.depth), ' '));
    line.add(!n.container ? "  " : n.folded ? "+ " : "- ", Style::Dim);
    if (n.label_len) line.add(std::string(text(n.label_at, n.label_len)) + ": ", Style::Heading);
    if (!n.container) return line.add(std::string(text(n.value_at, n.value_len)));
    std::string open(1, n.container), close = n.container == '{' ? "}" : "]";
    std::string what = n.container == '{' ? " fields" : " items";
    return line.add(n.folded ? open + "..." + close + " " + std::to_string(n.children) + what : open);
}

bool JsonTreePanel::toggle_fold(size_t i) {
    if (i >= shown_.size()) return false;
    Node& n = nodes_[shown_[i]];
    if (!n.container || n.children == 0) return false;
    n.folded = !n.folded;
    rebuild();
    return true;
}

}  // namespace img::tui
