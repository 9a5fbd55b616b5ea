#include "model/json_tree_sink.h"

#include <algorithm>

#include <fmt/format.h>

#include "img/support/display.h"

namespace img::tui {

uint32_t JsonTreeSink::keep(std::string_view s) {
    if (muted_) return 0;
    auto at = static_cast<uint32_t>(text_.size());
    text_ += s;
    return at;
}

void JsonTreeSink::reserve_for(size_t bytes) {
    bytes = std::min<size_t>(bytes, 64u << 20);
    nodes_.reserve(bytes / 4);
    text_.reserve(bytes * 2);
}

JsonTreePanel::Node& JsonTreeSink::add() {
    if (muted_) return scratch_;
    if (every_ && !nodes_.empty() && nodes_.size() % every_ == 0) every_fn_();   // between two whole values
    if (muted_) return scratch_;   // muted there
    JsonTreePanel::Node n;
    n.depth = static_cast<uint16_t>(open_.size());
    if (!open_.empty()) {
        auto& parent = nodes_[open_.back()];
        if (have_key_) {
            n.label_at = keep(key_);
            n.label_len = static_cast<uint32_t>(key_.size());
        } else {
            n.label_at = static_cast<uint32_t>(text_.size());
            fmt::format_to(std::back_inserter(text_), "[{}]", parent.children);
            n.label_len = static_cast<uint32_t>(text_.size() - n.label_at);
        }
        ++parent.children;
    }
    have_key_ = false;
    n.end = nodes_.size() + 1;
    nodes_.push_back(n);
    return nodes_.back();
}

void JsonTreeSink::scalar(std::string_view value) {
    auto& n = add();
    n.value_at = keep(value);
    n.value_len = static_cast<uint32_t>(value.size());
}

void JsonTreeSink::string(std::string_view utf8) {
    if (muted_) return;
    auto& n = add();
    n.value_at = static_cast<uint32_t>(text_.size());
    text_ += '"';
    append_display_text(text_, utf8);
    text_ += '"';
    n.value_len = static_cast<uint32_t>(text_.size() - n.value_at);
}

void JsonTreeSink::open(char brace) {
    if (muted_) return;
    add().container = brace;
    open_.push_back(nodes_.size() - 1);
}

void JsonTreeSink::close() {
    if (open_.empty() || muted_) return;
    nodes_[open_.back()].end = nodes_.size();
    open_.pop_back();
}

std::unique_ptr<JsonTreePanel> JsonTreeSink::take(std::string title) {
    while (!open_.empty()) close();
    return std::make_unique<JsonTreePanel>(std::move(title), std::move(nodes_), std::move(text_));
}

}  // namespace img::tui
