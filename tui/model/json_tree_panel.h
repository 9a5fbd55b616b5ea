// JsonTreePanel: one image's decoded entries (crit's JSON, readable form) as a tree of lines,
// objects and arrays foldable; '/' remembers text for n/N, it hides nothing.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "img/model/checkpoint.h"
#include "img/support/error.h"
#include "model/panel.h"

namespace img::tui {

class JsonTreePanel final : public Panel {
public:
    struct Node {
        int depth = 0;
        std::string label;    // the key, "[3]" in an array, "" for the root
        std::string value;    // a scalar as JSON text; "{" or "[" for a container
        size_t end = 0;       // the index after this node's last descendant
        size_t children = 0;
        bool folded = false;
    };

    // Decodes image `name` of `dump`; an Error naming it when it is raw or unreadable.
    static Expected<std::unique_ptr<JsonTreePanel>> open(Checkpoint& dump, const std::string& name);
    JsonTreePanel(std::string title, std::vector<Node> nodes);

    std::string title() const override { return title_; }
    size_t size() const override { return shown_.size(); }
    StyledLine row(size_t i) const override;
    bool toggle_fold(size_t i) override;
    std::optional<OpenTarget> open(size_t) const override { return std::nullopt; }

private:
    void rebuild();

    std::string title_;
    std::vector<Node> nodes_;
    std::vector<size_t> shown_;
};

}  // namespace img::tui
