// FieldHints: the Render options of one schema field, resolved once
// (enum tables looked up by name) and cached for the printer and parser.
#pragma once

#include <string>

#include <google/protobuf/descriptor.h>

namespace img {

struct FieldHints {
    bool hex = false, ipadd = false, dev = false, odev = false, path = false, text = false, unix_name = false;
    const google::protobuf::EnumDescriptor* flags = nullptr;
    const google::protobuf::EnumDescriptor* dict = nullptr;
    const google::protobuf::EnumDescriptor* enum_type = nullptr;
    std::string legacy_name;
};

const FieldHints& hints_for(const google::protobuf::FieldDescriptor* f);

// The message type of that full name in our schema, or nullptr.
const google::protobuf::Descriptor* find_message_type(std::string_view full_name);
// A fresh, empty message of that type (nullptr if unknown).
std::unique_ptr<google::protobuf::Message> new_message(const google::protobuf::Descriptor* d);

}  // namespace img
