// The JSON of views run on a whole dump (img-show --json DIR):
//   {"dump": DIR, "views": [TABLE | {"view": NAME, "error": MESSAGE}, ...]}
// written one view at a time, so that only one table need be held. Every key is here.
#pragma once

#include <string_view>

#include "img/output/table.h"
#include "img/output/value_sink.h"
#include "img/support/error.h"
#include "img/views/views.h"

namespace img {

// Opens the document for the dump at `dump` (shown as readable text), up to the views array.
void begin_views_document(std::string_view dump, ValueSink& out);

// One view's outcome: its table (write_table_json), or the error that kept it from being made.
void write(const ViewInfo& view, const Expected<Table>& table, ValueSink& out);

// Closes the views array and the document.
void end_views_document(ValueSink& out);

}  // namespace img
