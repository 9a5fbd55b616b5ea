// Text encodings crit's JSON uses for bytes: MIME base64 (Python's
// base64.encodebytes), quoted-printable (binascii.b2a_qp), UTF-8 checks and
// IP address words.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace img {

// 76 characters a line, each line ending in '\n' (so non-empty output ends in '\n').
std::string base64_mime(std::string_view data);
// Accepts standard base64 with or without line breaks; nullopt on bad input.
std::optional<std::string> base64_decode(std::string_view text);

std::string quoted_printable(std::string_view data);
std::string quoted_printable_decode(std::string_view text);

bool valid_utf8(std::string_view s);

// IP address words as CRIU stores them (address bytes in network order, read as host u32).
std::string ip_words_to_string(const std::vector<uint32_t>& words);
std::optional<std::vector<uint32_t>> ip_string_to_words(const std::string& text);

}  // namespace img
