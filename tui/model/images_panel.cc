#include "model/images_panel.h"

#include <algorithm>

#include <fmt/format.h>

#include "img/io/image_kind.h"
#include "img/support/display.h"

namespace img::tui {

ImagesPanel::ImagesPanel(Checkpoint& dump) {
    const DumpSource& src = dump.source();
    for (const auto& name : src.list()) {
        File f;
        f.name = name;
        f.size = src.size(name);
        const ImageKind* k = kind_by_file_name(name);
        f.kind = !k ? "-" : k->magic == 0 ? std::string(k->name) + " (raw)" : std::string(k->name);
        name_width_ = std::max(name_width_, display_width(display_text(name)));
        files_.push_back(std::move(f));
    }
    rebuild();
}

std::string ImagesPanel::line_of(const File& f) const {
    std::string name = display_text(f.name);
    size_t w = display_width(name);
    return name + std::string(name_width_ > w ? name_width_ - w : 0, ' ') + fmt::format("  {:>10}  {}", f.size, f.kind);
}

void ImagesPanel::rebuild() {
    shown_.clear();
    for (size_t i = 0; i < files_.size(); ++i)
        if (filter_.empty() || contains_any_case(line_of(files_[i]), filter_)) shown_.push_back(i);
}

StyledLine ImagesPanel::row(size_t i) const { return StyledLine(line_of(files_[shown_[i]])); }

std::optional<StyledLine> ImagesPanel::header() const {
    return StyledLine("FILE" + std::string(name_width_ - 4, ' ') + fmt::format("  {:>10}  {}", "BYTES", "KIND"),
                      Style::Header);
}

void ImagesPanel::set_filter(std::string_view text) {
    filter_ = text;
    rebuild();
}

std::optional<OpenTarget> ImagesPanel::open(size_t i) const {
    if (i >= shown_.size()) return std::nullopt;
    OpenTarget t;
    t.kind = OpenTarget::Kind::Image;
    t.image = files_[shown_[i]].name;
    return t;
}

}  // namespace img::tui
