// SearchJsonSink: a memory search as JSON, one match at a time as search_dump reports them:
//   {"search"|"regex": PATTERN, "matches": [{"pid", "address", "length", "vma_start", "vma_end",
//    "vma", "match"[, "before", "after"]}, ...], "count": N}
#pragma once

#include <cstdint>

#include "img/memory/memory_search.h"
#include "img/output/value_sink.h"

namespace img {

class SearchJsonSink {
public:
    // with_context: each match carries "before" and "after" (the search ran with context).
    SearchJsonSink(ValueSink& out, bool with_context) : out_(out), context_(with_context) {}
    // Opens the document: the pattern, under "regex" or "search", and the array of matches.
    void begin(const SearchPattern& pattern);
    void match(const SearchMatch& m);
    // Closes it with the number of matches.
    void end(uint64_t count);

private:
    ValueSink& out_;
    bool context_;
};

}  // namespace img
