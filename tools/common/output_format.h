// OutputFormat and ResultOutput: the one place where a tool's --json (and --pretty) become a
// writer. A result is written once, to a ValueSink, and comes out as readable text (TextWriter)
// or as JSON (JsonWriter, on one line or indented) on the stream the tool names.
#pragma once

#include <cstdio>
#include <optional>

#include "img/output/json_writer.h"
#include "img/output/text_writer.h"
#include "img/output/value_sink.h"

namespace img {

struct OutputFormat {
    bool json = false;
    int indent = 0;   // JSON: 0 on one line, else spaces per level

    // img-show: text, --json on one line, --json --pretty indented by 4.
    static OutputFormat show(bool json, bool pretty) { return {json, json && pretty ? 4 : 0}; }
    // The reports of img-verify and img-fixpaths: --json indented by 2.
    static OutputFormat report(bool json) { return {json, json ? 2 : 0}; }
};

class ResultOutput {
public:
    ResultOutput(const OutputFormat& f, std::FILE* out);
    ValueSink& sink();
    // Ends the document (JSON: its final newline) and writes everything out. False when the
    // JSON could not be written (text: always true).
    bool finish();
    // Writes what is buffered, without ending the document (an error stopped it part way).
    void flush();

private:
    std::optional<JsonWriter> json_;
    std::optional<TextWriter> text_;
};

}  // namespace img
