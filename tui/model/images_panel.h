// ImagesPanel: every file of the dump with its size and image kind; Enter opens an image's
// decoded entries (JsonTreePanel).
#pragma once

#include <string>
#include <vector>

#include "img/model/checkpoint.h"
#include "model/panel.h"

namespace img::tui {

class ImagesPanel final : public Panel {
public:
    explicit ImagesPanel(Checkpoint& dump);
    std::string title() const override { return "images"; }
    size_t size() const override { return shown_.size(); }
    StyledLine row(size_t i) const override;
    std::optional<StyledLine> header() const override;
    void set_filter(std::string_view text) override;
    std::optional<OpenTarget> open(size_t i) const override;

private:
    struct File {
        std::string name;
        uint64_t size = 0;
        std::string kind;   // "CORE", "PAGES (raw)", "-" when no kind knows the name
    };
    std::string line_of(const File& f) const;
    void rebuild();

    std::vector<File> files_;
    std::vector<size_t> shown_;
    size_t name_width_ = 4;
};

}  // namespace img::tui
