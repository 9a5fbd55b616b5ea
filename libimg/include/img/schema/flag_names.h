// Flag and enum values named by the tables of tables.proto (the flag-name tables are data
// in the schema): "O_RDWR|O_LARGEFILE", "SOCK_STREAM", "TCP_ESTABLISHED".
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include <google/protobuf/descriptor.h>

namespace img {

// Names of the set bits of v by an enum of tables.proto, joined by sep; leftover bits as hex.
std::string flag_names(uint64_t v, const google::protobuf::EnumDescriptor* e, std::string_view sep = "|");
// The value's name in an enum, or its number.
std::string enum_name(uint64_t v, const google::protobuf::EnumDescriptor* e);
// Open flags as names ("O_RDWR|O_LARGEFILE"; "O_RDONLY" for 0 access mode).
std::string open_flags(uint32_t flags);

}  // namespace img
