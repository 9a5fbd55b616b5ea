// JsonWriter: streams JSON formatted exactly as Python's json.dumps does
// (", " and ": " separators, optional indent, non-ASCII as \uXXXX), so our
// output reads like crit's. Buffers and flushes to a FILE* or a string.
#pragma once

#include <cstdio>
#include <string>
#include <vector>

#include "img/value_sink.h"

namespace img {

class JsonWriter final : public ValueSink {
public:
    // indent 0: one line. out == nullptr: collect in str().
    explicit JsonWriter(std::FILE* out, int indent = 0) : out_(out), indent_(indent) {}
    ~JsonWriter() override { flush(); }

    void begin_object() override { open('{'); }
    void end_object() override { close('}'); }
    void begin_array() override { open('['); }
    void end_array() override { close(']'); }
    void key(std::string_view k) override;
    void string(std::string_view s) override;
    void number(uint64_t v) override;
    void number(int64_t v) override;
    void boolean(bool v) override;
    void null() override;

    void newline() { buf_.push_back('\n'); }
    void flush();
    const std::string& str() const { return buf_; }
    bool failed() const { return failed_; }

private:
    struct Level { bool first = true; bool object = false; };
    void open(char c);
    void close(char c);
    void before_value();
    void maybe_flush() { if (out_ && buf_.size() > (1u << 16)) flush(); }

    std::FILE* out_;
    int indent_;
    std::string buf_;
    std::vector<Level> stack_;
    bool after_key_ = false;
    bool failed_ = false;
};

// Appends s as a JSON string literal (quotes included), escaping as json.dumps does.
void append_json_string(std::string& out, std::string_view s);

}  // namespace img
