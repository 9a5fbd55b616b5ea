#include "img/output/text_writer.h"

#include <fmt/format.h>

namespace img {

void TextWriter::line(int indent, const std::string& s) {
    buf_.append(static_cast<size_t>(indent), ' ');
    buf_ += s;
    buf_.push_back('\n');
    if (buf_.size() > (1u << 16)) flush();
}

void TextWriter::flush() {
    if (out_ && !buf_.empty()) { std::fwrite(buf_.data(), 1, buf_.size(), out_); buf_.clear(); }
}

void TextWriter::to_block(Level& l) {
    if (l.block) return;
    l.block = true;
    line(l.indent - 2, l.key + ":");
    for (auto& it : l.items) line(l.indent, "- " + it);
    l.items.clear();
}

void TextWriter::scalar(std::string v) {
    if (stack_.empty()) { line(0, v); return; }
    Level& l = stack_.back();
    if (!l.array) { line(l.indent, key_ + ": " + v); return; }
    if (l.block) line(l.indent, "- " + v);
    else l.items.push_back(std::move(v));
}

void TextWriter::begin_object() {
    if (stack_.empty()) { stack_.push_back(Level{false, 0, "", false, {}}); return; }
    Level& l = stack_.back();
    if (l.array) {
        to_block(l);
        line(l.indent, "-");
        stack_.push_back(Level{false, l.indent + 2, "", false, {}});
    } else {
        line(l.indent, key_ + ":");
        stack_.push_back(Level{false, l.indent + 2, "", false, {}});
    }
}

void TextWriter::end_object() { stack_.pop_back(); }

void TextWriter::begin_array() {
    int indent = 0;
    std::string k = key_;
    if (!stack_.empty()) {
        Level& l = stack_.back();
        if (l.array) { to_block(l); k.assign(1, '-'); }
        indent = l.indent + 2;
    }
    stack_.push_back(Level{true, indent, k, false, {}});
}

void TextWriter::end_array() {
    Level l = std::move(stack_.back());
    stack_.pop_back();
    if (l.block) return;
    std::string joined;
    for (size_t i = 0; i < l.items.size(); ++i) joined += (i ? ", " : "") + l.items[i];
    line(l.indent - 2, l.key + ": [" + joined + "]");
}

void TextWriter::number(uint64_t v) { scalar(fmt::format("{}", v)); }
void TextWriter::number(int64_t v) { scalar(fmt::format("{}", v)); }

}  // namespace img
