// JsonTreeSink: a ValueSink that keeps what it is given as JsonTreePanel nodes (one per value,
// containers knowing their extent), so an image's JSON is never printed and parsed again.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "img/output/value_sink.h"
#include "model/json_tree_panel.h"

namespace img::tui {

class JsonTreeSink final : public ValueSink {
public:
    void begin_object() override { open("{"); }
    void end_object() override { close(); }
    void begin_array() override { open("["); }
    void end_array() override { close(); }
    void key(std::string_view k) override { key_ = k; have_key_ = true; }
    void string(std::string_view utf8) override;
    void number(uint64_t v) override { scalar(std::to_string(v)); }
    void number(int64_t v) override { scalar(std::to_string(v)); }
    void boolean(bool v) override { scalar(v ? "true" : "false"); }
    void null() override { scalar("null"); }

    std::vector<JsonTreePanel::Node> take();

private:
    JsonTreePanel::Node& add(std::string value);
    void scalar(std::string value) { add(std::move(value)); }
    void open(const char* brace);
    void close();

    std::vector<JsonTreePanel::Node> nodes_;
    std::vector<size_t> open_;   // indexes of the containers not yet closed
    std::string key_;
    bool have_key_ = false;
};

}  // namespace img::tui
