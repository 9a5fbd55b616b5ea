// ByteCursor: the one door through which untrusted file bytes are read.
// Every read is bounds-checked and fails with an Error naming the offset.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>
#include <string>

#include "img/support/error.h"

namespace img {

using Bytes = std::span<const std::byte>;

class ByteCursor {
public:
    explicit ByteCursor(Bytes data, size_t base_offset = 0) : data_(data), base_(base_offset) {}

    size_t pos() const { return pos_; }                 // relative to the start of data
    size_t offset() const { return base_ + pos_; }      // absolute file offset
    size_t remaining() const { return data_.size() - pos_; }
    bool at_end() const { return pos_ == data_.size(); }

    // Native byte order, as CRIU writes it.
    Expected<uint32_t> u32(const char* what) {
        if (remaining() < 4) return short_read(what, 4);
        uint32_t v; std::memcpy(&v, data_.data() + pos_, 4); pos_ += 4; return v;
    }
    Expected<uint16_t> u16(const char* what) {
        if (remaining() < 2) return short_read(what, 2);
        uint16_t v; std::memcpy(&v, data_.data() + pos_, 2); pos_ += 2; return v;
    }
    // Takes n bytes; n is checked against what is left before anything else happens.
    Expected<Bytes> take(uint64_t n, const char* what) {
        if (n > remaining()) return short_read(what, n);
        Bytes b = data_.subspan(pos_, static_cast<size_t>(n)); pos_ += static_cast<size_t>(n); return b;
    }
    Bytes rest() { Bytes b = data_.subspan(pos_); pos_ = data_.size(); return b; }

private:
    Error short_read(const char* what, uint64_t n) const;

    Bytes data_;
    size_t base_ = 0;
    size_t pos_ = 0;
};

inline std::string to_string(Bytes b) { return std::string(reinterpret_cast<const char*>(b.data()), b.size()); }
inline Bytes as_bytes(const std::string& s) { return Bytes(reinterpret_cast<const std::byte*>(s.data()), s.size()); }

}  // namespace img
