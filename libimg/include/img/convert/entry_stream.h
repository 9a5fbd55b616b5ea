// EntryStream: reads a JSON image document ({"magic": ..., "entries": [...]}) by parser events,
// building the tree as nlohmann's own DOM parser does, except that each element of the
// top-level "entries" array is handed to a callback as soon as it is whole, and dropped, once
// "magic" has been seen: a document in crit's key order never exists whole in memory.
// (nlohmann's callback parser rescans a container after every object ends: quadratic on an
// entry of 100,000 VMAs.)
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace img {

class EntryStream {
public:
    using json = nlohmann::json;
    // Called with the value of "magic" (any type) when the top level names it first; returns
    // whether entries are to be handed over from then on.
    using MagicFn = std::function<bool(const json& magic)>;
    // Called with each entry, in order; the entry is dropped after.
    using EntryFn = std::function<void(json& entry)>;

    EntryStream(MagicFn on_magic, EntryFn on_entry) : on_magic_(std::move(on_magic)), on_entry_(std::move(on_entry)) {}

    // Parses the whole text. False on a syntax error, at error_offset().
    bool parse(std::string_view text);
    // The document as parsed, less the entries handed over.
    json& document() { return root_; }
    bool entries_handed_over() const { return streaming_; }
    // How many times the top-level object gave "magic" and "entries" (JSON lets a key repeat).
    int magic_keys() const { return magic_keys_; }
    int entries_keys() const { return entries_keys_; }
    size_t error_offset() const { return error_offset_; }

    // The parser's events (nlohmann's SAX interface).
    bool null() { return value(nullptr); }
    bool boolean(bool v) { return value(v); }
    bool number_integer(json::number_integer_t v) { return value(v); }
    bool number_unsigned(json::number_unsigned_t v) { return value(v); }
    bool number_float(json::number_float_t v, const json::string_t&) { return value(v); }
    bool string(json::string_t& v) { return value(std::move(v)); }
    bool binary(json::binary_t& v) { return value(json::binary(std::move(v))); }
    bool start_object(std::size_t);
    bool key(json::string_t& k);
    bool end_object() { return end_container(); }
    bool start_array(std::size_t);
    bool end_array() { return end_container(); }
    bool parse_error(std::size_t position, const std::string&, const nlohmann::detail::exception&) {
        error_offset_ = position;
        return false;
    }

private:
    json* place(json&& v);        // puts a new value where the parser is, returns it
    bool value(json&& v);         // a scalar
    bool end_container();
    void completed(json* v);      // v is whole: an entry to hand over, or "magic"
    bool in_entries_array() const { return streaming_ && stack_.size() == 2 && stack_.back() == entries_; }

    MagicFn on_magic_;
    EntryFn on_entry_;
    json root_;
    std::vector<json*> stack_;    // the open objects and arrays, outermost first
    json* slot_ = nullptr;        // in an object: where the value of the last key goes
    std::string top_key_;         // the last key of the top-level object
    int magic_keys_ = 0, entries_keys_ = 0;
    bool magic_seen_ = false, hand_over_ = false, streaming_ = false;
    json* entries_ = nullptr;
    size_t error_offset_ = 0;
};

}  // namespace img
