#include "img/schema/entry_decoder.h"

#include <fmt/format.h>

#include "img/schema/schema_hints.h"

namespace img {

namespace gp = google::protobuf;

Expected<std::unique_ptr<gp::Message>> EntryDecoder::make(std::string_view type) {
    auto m = new_message(find_message_type(type));
    if (!m) return make_error(fmt::format("message type {} is missing from our schema", type));
    return m;
}

Expected<gp::Message*> EntryDecoder::decode(const RawEntry& e, const std::string& file) {
    auto it = cache_.find(e.message_type);
    if (it == cache_.end()) {
        auto m = make(e.message_type);
        if (!m) return std::move(m).error().in_file(file);
        it = cache_.emplace(std::string(e.message_type), std::move(*m)).first;
    }
    gp::Message* m = it->second.get();
    m->Clear();
    auto fail = [&](std::string what) {
        Error err; err.file = file; err.entry = e.index; err.offset = static_cast<int64_t>(e.offset); err.what = std::move(what);
        return err;
    };
    if (!m->ParsePartialFromArray(e.message.data(), static_cast<int>(e.message.size())))
        return fail(fmt::format("invalid protobuf in a {}-byte {} message", e.message.size(), m->GetDescriptor()->name()));
    if (!m->IsInitialized())
        return fail(fmt::format("{} lacks required field(s): {}", m->GetDescriptor()->name(), m->InitializationErrorString()));
    return m;
}

}  // namespace img
