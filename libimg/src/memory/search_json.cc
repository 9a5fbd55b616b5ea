// The bytes of a pattern and of what a match holds go through escape_bytes: memory is not
// UTF-8, and a JSON string must be.
#include "img/memory/search_json.h"

namespace img {

void SearchJsonSink::begin(const SearchPattern& pattern) {
    out_.begin_object();
    out_.key(pattern.is_regex() ? "regex" : "search");
    out_.string(escape_bytes(pattern.text()));
    out_.key("matches");
    out_.begin_array();
}

void SearchJsonSink::match(const SearchMatch& m) {
    out_.begin_object();
    out_.key("pid"); out_.number(uint64_t{m.pid});
    out_.key("address"); out_.number(m.addr);
    out_.key("length"); out_.number(m.length);
    out_.key("vma_start"); out_.number(m.vma_start);
    out_.key("vma_end"); out_.number(m.vma_end);
    out_.key("vma"); out_.string(escape_bytes(m.vma));
    out_.key("match"); out_.string(escape_bytes(m.bytes));
    if (context_) {
        out_.key("before"); out_.string(escape_bytes(m.before));
        out_.key("after"); out_.string(escape_bytes(m.after));
    }
    out_.end_object();
}

void SearchJsonSink::end(uint64_t count) {
    out_.end_array();
    out_.key("count"); out_.number(count);
    out_.end_object();
}

}  // namespace img
