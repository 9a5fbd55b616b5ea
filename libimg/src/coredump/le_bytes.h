// LeBytes: a byte string built field by field in little-endian order, as the ELF core's
// headers and notes are laid out (ELFDATA2LSB, x86_64).
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace img::coredump_detail {

class LeBytes {
public:
    void u8(uint8_t v) { s_.push_back(static_cast<char>(v)); }
    void u16(uint16_t v) { put(v, 2); }
    void u32(uint32_t v) { put(v, 4); }
    void u64(uint64_t v) { put(v, 8); }
    void i32(int32_t v) { put(static_cast<uint32_t>(v), 4); }
    void zeros(size_t n) { s_.append(n, '\0'); }
    void text(std::string_view t) { s_.append(t); }
    // `t` cut or padded with NULs to exactly n bytes (fixed-size name fields).
    void fixed(std::string_view t, size_t n) {
        s_.append(t.substr(0, n));
        if (t.size() < n) zeros(n - t.size());
    }
    void pad_to(size_t size) { if (s_.size() < size) zeros(size - s_.size()); }
    void align(size_t a) { pad_to((s_.size() + a - 1) / a * a); }
    // Writes v at byte `at` of what is already there.
    void patch_u64(size_t at, uint64_t v) { for (int i = 0; i < 8; ++i) s_[at + i] = static_cast<char>(v >> (8 * i)); }
    size_t size() const { return s_.size(); }
    const std::string& str() const { return s_; }
    std::string take() { return std::move(s_); }

private:
    void put(uint64_t v, int n) { for (int i = 0; i < n; ++i) s_.push_back(static_cast<char>(v >> (8 * i))); }
    std::string s_;
};

}  // namespace img::coredump_detail
