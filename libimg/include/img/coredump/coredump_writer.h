// The JSON of an img-coredump run: one object per task with its core's file, threads, segments,
// bytes and every absent range (the pages the dump does not hold). Every key is here.
#pragma once

#include "img/coredump/coredump.h"
#include "img/output/value_sink.h"

namespace img {

// {"dump", "out_dir", "ok", "cores": [{"pid", "comm", "core", "threads", "args", "signal",
//   "file_mappings", "xstate_size", "segments", "data_bytes", "file_size",
//   "absent": [{"start", "end", "pages", "backing"}], "absent_bytes"[, "skipped"][, "error"]}]}
void write(const CoredumpReport& r, ValueSink& out);

}  // namespace img
