// EntryDecoder: turns a RawEntry into a protobuf message of the right type,
// reusing one message object per type (no per-entry allocation churn).
#pragma once

#include <map>
#include <memory>
#include <string>

#include <google/protobuf/message.h>

#include "img/support/error.h"
#include "img/io/image_reader.h"

namespace img {

class EntryDecoder {
public:
    // The returned message stays valid until the next decode of the same type.
    Expected<google::protobuf::Message*> decode(const RawEntry& e, const std::string& file);
    // A fresh message of a named type, or an Error if our schema lacks it.
    static Expected<std::unique_ptr<google::protobuf::Message>> make(std::string_view type);

private:
    std::map<std::string, std::unique_ptr<google::protobuf::Message>, std::less<>> cache_;
};

}  // namespace img
