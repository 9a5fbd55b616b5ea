#include "model/json_tree_panel.h"

#include "img/convert/image_json.h"
#include "img/io/image_reader.h"
#include "model/json_tree_sink.h"

namespace img::tui {

namespace {
constexpr int kFoldedFrom = 3;   // depth from which containers start folded: each entry's fields show
}

Expected<std::unique_ptr<JsonTreePanel>> JsonTreePanel::open(Checkpoint& dump, const std::string& name) {
    auto file = dump.source().open(name);
    if (!file) return std::move(file.error());
    auto reader = ImageReader::from_file(std::move(*file));
    if (!reader) return std::move(reader.error());
    ShowOptions so;
    so.render.pretty = true;
    so.human = true;
    JsonTreeSink sink;
    auto ok = render_image(*reader, sink, so);
    if (!ok) return std::move(ok.error());
    return std::make_unique<JsonTreePanel>(name, sink.take());
}

JsonTreePanel::JsonTreePanel(std::string title, std::vector<Node> nodes)
    : title_(std::move(title)), nodes_(std::move(nodes)) {
    for (auto& n : nodes_) n.folded = n.depth >= kFoldedFrom && n.end > 0 && (n.value == "{" || n.value == "[");
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
    bool container = n.value == "{" || n.value == "[";
    StyledLine line(std::string(2 * static_cast<size_t>(n.depth), ' '));
    line.add(!container ? "  " : n.folded ? "+ " : "- ", Style::Dim);
    if (!n.label.empty()) line.add(n.label + ": ", Style::Heading);
    if (!container) return line.add(n.value);
    std::string close = n.value == "{" ? "}" : "]";
    std::string what = n.value == "{" ? " fields" : " items";
    return line.add(n.folded ? n.value + "..." + close + " " + std::to_string(n.children) + what : n.value);
}

bool JsonTreePanel::toggle_fold(size_t i) {
    if (i >= shown_.size()) return false;
    Node& n = nodes_[shown_[i]];
    if ((n.value != "{" && n.value != "[") || n.children == 0) return false;
    n.folded = !n.folded;
    rebuild();
    return true;
}

}  // namespace img::tui
