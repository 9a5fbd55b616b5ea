#include "model/json_tree_sink.h"

#include "img/support/display.h"

namespace img::tui {

JsonTreePanel::Node& JsonTreeSink::add(std::string value) {
    JsonTreePanel::Node n;
    n.depth = static_cast<int>(open_.size());
    n.value = std::move(value);
    if (!open_.empty()) {
        auto& parent = nodes_[open_.back()];
        n.label = have_key_ ? key_ : "[" + std::to_string(parent.children) + "]";
        ++parent.children;
    }
    have_key_ = false;
    n.end = nodes_.size() + 1;
    nodes_.push_back(std::move(n));
    return nodes_.back();
}

void JsonTreeSink::string(std::string_view utf8) {
    std::string quoted = "\"";
    append_display_text(quoted, utf8);
    scalar(quoted + "\"");
}

void JsonTreeSink::open(const char* brace) {
    add(brace);
    open_.push_back(nodes_.size() - 1);
}

void JsonTreeSink::close() {
    if (open_.empty()) return;
    nodes_[open_.back()].end = nodes_.size();
    open_.pop_back();
}

std::vector<JsonTreePanel::Node> JsonTreeSink::take() {
    while (!open_.empty()) close();
    return std::move(nodes_);
}

}  // namespace img::tui
