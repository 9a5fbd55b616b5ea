// JsonTreeSink: a ValueSink that keeps what it is given as JsonTreePanel nodes (one per value,
// containers knowing their extent, texts in one arena), so an image's JSON is never printed and
// parsed again.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "img/output/value_sink.h"
#include "model/json_tree_panel.h"

namespace img::tui {

class JsonTreeSink final : public ValueSink {
public:
    void begin_object() override { open('{'); }
    void end_object() override { close(); }
    void begin_array() override { open('['); }
    void end_array() override { close(); }
    void key(std::string_view k) override { key_ = k; have_key_ = true; }
    void string(std::string_view utf8) override;
    void number(uint64_t v) override { scalar(std::to_string(v)); }
    void number(int64_t v) override { scalar(std::to_string(v)); }
    void boolean(bool v) override { scalar(v ? "true" : "false"); }
    void null() override { scalar("null"); }

    size_t size() const { return nodes_.size(); }
    // Keeps nothing more (a decoding being dropped runs to the end of its entry at once).
    void mute() { muted_ = true; }
    // Calls `fn` after every `n` values (JsonDecodeJob pauses there).
    void every(size_t n, std::function<void()> fn) {
        every_ = n;
        every_fn_ = std::move(fn);
    }
    // Room for what an image of `bytes` bytes usually gives (a value per ~4 bytes of entries),
    // so that the nodes of a big image are not copied as they grow.
    void reserve_for(size_t bytes);
    // The panel of what was given (containers left open are closed).
    std::unique_ptr<JsonTreePanel> take(std::string title);

private:
    JsonTreePanel::Node& add();
    void scalar(std::string_view value);
    void open(char brace);
    void close();
    uint32_t keep(std::string_view s);   // appends to the arena, returns where

    std::vector<JsonTreePanel::Node> nodes_;
    std::string text_;
    std::vector<size_t> open_;   // indexes of the containers not yet closed
    std::string key_;
    bool have_key_ = false;
    bool muted_ = false;
    JsonTreePanel::Node scratch_;   // what add() gives when muted
    size_t every_ = 0;
    std::function<void()> every_fn_;
};

}  // namespace img::tui
