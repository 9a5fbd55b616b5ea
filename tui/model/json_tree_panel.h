// JsonTreePanel: one image's decoded entries (crit's JSON, readable form) as a tree of lines,
// objects and arrays foldable; '/' remembers text for n/N, it hides nothing.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "img/model/checkpoint.h"
#include "img/support/error.h"
#include "model/panel.h"

namespace img::tui {

class JsonTreePanel final : public Panel {
public:
    // One value; its texts are in the panel's text arena (no allocation per node: an image of
    // 20,000 VMAs has some 200,000 of them).
    struct Node {
        size_t end = 0;                         // the index after this node's last descendant
        uint32_t label_at = 0, label_len = 0;   // the key, "[3]" in an array, "" for the root
        uint32_t value_at = 0, value_len = 0;   // a scalar as JSON text
        uint32_t children = 0;
        uint16_t depth = 0;
        char container = 0;                     // '{' or '[' for an object or an array; 0 for a scalar
        bool folded = false;
    };

    // Decodes image `name` of `dump` in one go (JsonDecodeJob does it in slices); an Error naming
    // it when it is raw or unreadable.
    static Expected<std::unique_ptr<JsonTreePanel>> open(Checkpoint& dump, const std::string& name);
    JsonTreePanel(std::string title, std::vector<Node> nodes, std::string text);

    std::string title() const override { return title_; }
    size_t size() const override { return shown_.size(); }
    StyledLine row(size_t i) const override;
    bool toggle_fold(size_t i) override;
    std::optional<OpenTarget> open(size_t) const override { return std::nullopt; }

private:
    void rebuild();

    std::string_view text(uint32_t at, uint32_t len) const { return std::string_view(text_).substr(at, len); }

    std::string title_;
    std::vector<Node> nodes_;
    std::string text_;
    std::vector<size_t> shown_;
};

}  // namespace img::tui
