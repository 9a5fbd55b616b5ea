// WireRenderer: prints an entry straight from its protobuf wire bytes, exactly as
// render_fields prints the parsed message, without building the message. Per-type
// plans (field table, hints) are compiled once from our schema. It takes the
// canonical encoding CRIU writes (known fields in number order, each singular field
// once, all required fields present); for anything else the caller parses the
// message and uses render_fields, which keeps unknown fields and reports errors.
#pragma once

#include <functional>
#include <memory>
#include <unordered_map>

#include <google/protobuf/descriptor.h>

#include "img/support/byte_cursor.h"
#include "img/convert/message_render.h"
#include "img/output/value_sink.h"

namespace img {

class JsonWriter;

class WireRenderer {
public:
    explicit WireRenderer(const RenderOptions& opt);
    ~WireRenderer();
    WireRenderer(const WireRenderer&) = delete;
    WireRenderer& operator=(const WireRenderer&) = delete;

    // True when `wire` is a well-formed `type` message in the shape handled here. Reads only.
    bool handles(const google::protobuf::Descriptor* type, Bytes wire);
    // Writes the fields into the object the caller opened. Only after handles() said true.
    void render_fields(const google::protobuf::Descriptor* type, Bytes wire, ValueSink& out);
    // Checks while it writes: false when the bytes are not handled here, having written part of
    // the fields, which the caller discards (JsonWriter::rewind). One walk instead of two.
    bool try_render_fields(const google::protobuf::Descriptor* type, Bytes wire, JsonWriter& out);

    // Messages up to this size print speculatively: their output is held until they are done.
    static constexpr size_t kSpeculativeBytes = 64 * 1024;

    // For a message too big to hold its output: checks its top level alone, then opens an
    // object and prints the fields while each sub-message is checked as it prints (held, as
    // above, or level by level when it is big too); a sub-message refused here is parsed on its
    // own and printed by render_fields. Done: the object is left open for the caller to close.
    // Refused: nothing was written; the caller takes the parser's path. Broken: part was
    // written when a sub-message failed to parse; the caller reports the entry's error (the
    // parser fails on it too).
    enum class Streamed { Done, Refused, Broken };
    Streamed stream_fields(const google::protobuf::Descriptor* type, Bytes wire, JsonWriter& out);
    // While stream_fields checks and prints, called with how far into the bytes it has got,
    // about once per 256 KiB, and with the start again before a second pass over the same bytes
    // (the reader lets what is behind leave memory).
    void on_progress(std::function<void(const std::byte*)> fn) { progress_ = std::move(fn); }

    struct Plan;
    struct Field;

private:
    const Plan& plan_for(const google::protobuf::Descriptor* d);   // remembers the last one asked for
    const Plan& build_plan(const google::protobuf::Descriptor* d);
    const Plan& sub_plan(const Field& f);
    void report_progress(const uint8_t* at);
    struct NullSink;
    enum class Mode : uint8_t;
    template <class Sink>
    struct Printer;   // the walk, typed on the sink so the JSON writer's calls inline

    RenderOptions opt_;
    std::unordered_map<const google::protobuf::Descriptor*, std::unique_ptr<Plan>> plans_;
    const google::protobuf::Descriptor* last_type_ = nullptr;
    const Plan* last_plan_ = nullptr;
    std::function<void(const std::byte*)> progress_;
    const uint8_t* next_progress_ = nullptr;
};

}  // namespace img
