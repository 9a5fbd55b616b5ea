#include "img/convert/entry_stream.h"

namespace img {

// nlohmann's public sax_parse chooses the input's format at run time, so it also instantiates
// the binary readers (CBOR, MessagePack, ...), whose half-precision floats need ldexp: that alone
// made every tool load libm at start (a third of a MiB more resident in each). Its JSON parser is
// called directly, as sax_parse does for JSON.
bool EntryStream::parse(std::string_view text) {
    auto input = nlohmann::detail::input_adapter(text.data(), text.data() + text.size());
    return nlohmann::detail::parser<json, decltype(input)>(std::move(input)).sax_parse(this, true);
}

EntryStream::json* EntryStream::place(json&& v) {
    if (stack_.empty()) {
        root_ = std::move(v);
        return &root_;
    }
    json* parent = stack_.back();
    if (parent->is_array()) {
        auto& a = parent->get_ref<json::array_t&>();
        a.push_back(std::move(v));
        return &a.back();   // stays valid while it is open: nothing is added beside it until it closes
    }
    *slot_ = std::move(v);
    return slot_;
}

bool EntryStream::value(json&& v) {
    completed(place(std::move(v)));
    return true;
}

bool EntryStream::start_object(std::size_t) {
    stack_.push_back(place(json(json::value_t::object)));
    return true;
}

bool EntryStream::start_array(std::size_t) {
    json* a = place(json(json::value_t::array));
    if (stack_.size() == 1 && stack_.back()->is_object() && top_key_ == "entries" && entries_keys_ == 1 && magic_seen_ &&
        hand_over_) {
        streaming_ = true;
        entries_ = a;
    }
    stack_.push_back(a);
    return true;
}

bool EntryStream::key(json::string_t& k) {
    if (stack_.size() == 1) {
        top_key_ = k;
        magic_keys_ += k == "magic";
        entries_keys_ += k == "entries";
    }
    slot_ = &(*stack_.back())[k];
    return true;
}

bool EntryStream::end_container() {
    json* done = stack_.back();
    stack_.pop_back();
    completed(done);
    return true;
}

void EntryStream::completed(json* v) {
    if (stack_.empty()) return;   // the document's own value
    if (stack_.size() == 1 && stack_.back()->is_object() && top_key_ == "magic" && magic_keys_ == 1 && !magic_seen_) {
        magic_seen_ = true;
        hand_over_ = on_magic_(*v);
    } else if (in_entries_array()) {
        on_entry_(*v);
        entries_->get_ref<json::array_t&>().pop_back();   // v, the last element
    }
}

}  // namespace img
