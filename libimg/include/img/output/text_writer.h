// TextWriter: a readable, YAML-like rendering of the same records the JSON
// writer prints (short scalar arrays inline, nested objects indented).
#pragma once

#include <cstdio>
#include <string>
#include <vector>

#include "img/output/value_sink.h"

namespace img {

class TextWriter final : public ValueSink {
public:
    explicit TextWriter(std::FILE* out) : out_(out) {}
    ~TextWriter() override { flush(); }

    void begin_object() override;
    void end_object() override;
    void begin_array() override;
    void end_array() override;
    void key(std::string_view k) override { key_ = std::string(k); }
    void string(std::string_view s) override { scalar(std::string(s)); }
    void number(uint64_t v) override;
    void number(int64_t v) override;
    void boolean(bool v) override { scalar(v ? "true" : "false"); }
    void null() override { scalar("null"); }
    void flush();

private:
    struct Level {
        bool array = false;
        int indent = 0;
        std::string key;               // for arrays: the key they belong to
        bool block = false;            // array items printed one per line
        std::vector<std::string> items;
    };
    void scalar(std::string v);
    void line(int indent, const std::string& s);
    void to_block(Level& l);

    std::FILE* out_;
    std::string buf_;
    std::string key_;
    std::vector<Level> stack_;
};

}  // namespace img
