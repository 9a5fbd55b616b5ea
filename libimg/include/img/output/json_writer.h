// JsonWriter: streams JSON formatted exactly as Python's json.dumps does
// (", " and ": " separators, optional indent, non-ASCII as \uXXXX), so our
// output reads like crit's. Buffers, and writes to a FILE*'s descriptor in whole aligned
// chunks (ChunkedOutput), or collects a string.
#pragma once

#include <array>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "img/io/chunked_output.h"
#include "img/support/decimal.h"
#include "img/output/value_sink.h"

namespace img {

// Bytes json.dumps writes as they are: printable ASCII but '"' and '\\'.
extern const std::array<bool, 256> kJsonPlain;

class JsonWriter final : public ValueSink {
public:
    // indent 0: one line. out == nullptr: collect in str().
    explicit JsonWriter(std::FILE* out, int indent = 0)
        : out_(out), indent_(indent), sink_(out), flush_at_(sink_.threshold()) {}
    ~JsonWriter() override { flush(); }

    void begin_object() override { open('{'); }
    void end_object() override { close('}'); }
    void begin_array() override { open('['); }
    void end_array() override { close(']'); }
    // Inline: the wire printer calls these through the concrete type.
    void key(std::string_view k) override {
        before_value();
        put_string(k);
        put(": ", 2);
        after_key_ = true;
    }
    void string(std::string_view s) override { before_value(); put_string(s); }
    // A key already written as JSON with its separator ("name": ), for callers that prepared it.
    void key_literal(std::string_view json_key) {
        before_value();
        put(json_key.data(), json_key.size());
        after_key_ = true;
    }
    // A prepared key (as for key_literal) and its number, in one go.
    template <class T>
    void key_number(std::string_view json_key, T v) {
        before_value();
        char* p = room(json_key.size() + 24);
        std::memcpy(p, json_key.data(), json_key.size());
        p += json_key.size();
        len_ += json_key.size() + static_cast<size_t>(write_decimal(p, v) - p);
    }
    // The same, for a key held in a buffer readable for kKeyPad bytes (n <= kKeyPad): copied
    // whole at a fixed size, with the separator, behind one check for room. The wire printer's
    // fast path: most of an image's JSON is such keys and their numbers.
    static constexpr size_t kKeyPad = 32;
    template <class T>
    void padded_key_number(const char* key, size_t n, T v) {
        if (after_key_ || indent_ != 0 || stack_.empty()) {
            key_number(std::string_view(key, n), v);
            return;
        }
        Level& l = stack_.back();
        char* p = room(2 + kKeyPad + 24);
        char* const start = p;
        if (!l.first) { p[0] = ','; p[1] = ' '; p += 2; }
        l.first = false;
        std::memcpy(p, key, kKeyPad);
        p += n;
        len_ += static_cast<size_t>(write_decimal(p, v) - start);
    }
    // For a printer that writes a whole value's JSON itself (the wire printer's simple loop),
    // compact writers only: room for n bytes at the pointer returned, which is past the
    // separator the value needs. Nothing counts as written until end_raw(end); a raw value
    // never ended leaves the writer as it was.
    bool compact() const { return indent_ == 0; }
    char* begin_raw(size_t n) {
        char* p = room(n + 2);
        if (!after_key_ && !stack_.empty() && !stack_.back().first) {
            p[0] = ',';
            p[1] = ' ';
            p += 2;
        }
        return p;
    }
    void end_raw(char* end) {
        len_ = static_cast<size_t>(end - buf_.data());
        if (after_key_) after_key_ = false;
        else if (!stack_.empty()) stack_.back().first = false;
        maybe_flush();
    }
    // Writes s as a string when it is printable ASCII (false, writing nothing, otherwise).
    bool plain_string(std::string_view s) {
        for (char c : s)
            if (!kJsonPlain[static_cast<unsigned char>(c)]) return false;
        before_value();
        char* p = room(s.size() + 2);
        p[0] = '"';
        std::memcpy(p + 1, s.data(), s.size());
        p[s.size() + 1] = '"';
        len_ += s.size() + 2;
        return true;
    }
    void number(uint64_t v) override { before_value(); put_number(v); }
    void number(int64_t v) override { before_value(); put_number(v); }
    void boolean(bool v) override {
        before_value();
        if (v) put("true", 4); else put("false", 5);
    }
    void null() override;

    void newline() { put('\n'); }

    // Speculative output: after mark(), nothing is flushed until commit() or rewind(), and
    // rewind() drops everything written since the mark, as if it never was.
    struct Mark { size_t len; size_t depth; bool after_key; bool first; };
    Mark mark() {
        hold_ = true;
        return {len_, stack_.size(), after_key_, stack_.empty() || stack_.back().first};
    }
    void commit() { hold_ = false; maybe_flush(); }
    void rewind(const Mark& m) {
        len_ = m.len;
        stack_.resize(m.depth);
        if (!stack_.empty()) stack_.back().first = m.first;
        after_key_ = m.after_key;
        hold_ = false;
    }
    // Writes everything buffered.
    void flush();
    // Everything written so far (out == nullptr) or since the last flush.
    const std::string& str() const { buf_.resize(len_); return buf_; }
    bool failed() const { return sink_.failed(); }

private:
    struct Level { bool first = true; bool object = false; };
    void open(char c);
    void close(char c);
    void before_value() {
        if (after_key_) { after_key_ = false; return; }
        if (stack_.empty()) return;
        if (indent_ == 0) {
            Level& l = stack_.back();
            if (!l.first) put(", ", 2);
            l.first = false;
            return;
        }
        separate();
    }
    void separate();      // the comma and spacing before a value inside an array or object
    void indent_line();   // newline, then the indent of the current depth
    // Writes the whole chunks buffered, once the buffer reaches a chunk boundary of the file.
    void maybe_flush() {
        if (out_ && !hold_ && len_ >= flush_at_) flush_chunks();
    }
    void flush_chunks();
    // The buffer: buf_ is storage, len_ bytes of it are written.
    char* room(size_t n) {
        if (buf_.size() - len_ < n) grow(n);
        return buf_.data() + len_;
    }
    void grow(size_t n);
    void put(char c) { *room(1) = c; ++len_; }
    void put(const char* p, size_t n) { std::memcpy(room(n), p, n); len_ += n; }
    template <class T>
    void put_number(T v) {
        char* p = room(24);
        len_ += static_cast<size_t>(write_decimal(p, v) - p);
    }
    // A JSON string literal; plain ASCII (most keys and names) is copied in one go.
    void put_string(std::string_view s) {
        size_t i = 0;
        while (i < s.size() && kJsonPlain[static_cast<unsigned char>(s[i])]) ++i;
        if (i < s.size()) { put_escaped(s); return; }
        char* p = room(s.size() + 2);
        p[0] = '"';
        std::memcpy(p + 1, s.data(), s.size());
        p[s.size() + 1] = '"';
        len_ += s.size() + 2;
    }
    void put_escaped(std::string_view s);

    std::FILE* out_;
    int indent_;
    mutable std::string buf_;
    size_t len_ = 0;
    std::vector<Level> stack_;
    bool after_key_ = false;
    bool hold_ = false;
    ChunkedOutput sink_;
    size_t flush_at_;   // maybe_flush writes when len_ reaches this
};

// Appends s as a JSON string literal (quotes included), escaping as json.dumps does.
void append_json_string(std::string& out, std::string_view s);

}  // namespace img
