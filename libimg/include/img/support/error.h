// Error: what went wrong with untrusted input, and where (file, entry, offset).
// Expected<T>: a value or an Error, the only way the library reports bad input.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace img {

struct Error {
    std::string file;          // path as the user named it ("-" for stdin), may be empty
    int64_t entry = -1;        // entry index, -1 when not inside an entry
    int64_t offset = -1;       // byte offset in the file, -1 when unknown
    std::string what;          // what bound was broken, in plain words

    // "core-42.img: entry #3 at offset 0x1c: size 0x400 runs past end of file (0x200)"
    std::string message() const;

    // Adds context on the way up without losing what is already known.
    Error& in_file(std::string f) { if (file.empty()) file = std::move(f); return *this; }
    Error& at_entry(int64_t e) { if (entry < 0) entry = e; return *this; }
    Error& at_offset(int64_t o) { if (offset < 0) offset = o; return *this; }
};

inline Error make_error(std::string what, int64_t offset = -1) {
    Error e; e.what = std::move(what); e.offset = offset; return e;
}

template <class T>
class [[nodiscard]] Expected {
public:
    Expected(T v) : v_(std::move(v)) {}
    Expected(Error e) : v_(std::move(e)) {}
    bool ok() const { return v_.index() == 0; }
    explicit operator bool() const { return ok(); }
    T& value() & { return std::get<0>(v_); }
    const T& value() const& { return std::get<0>(v_); }
    T&& value() && { return std::get<0>(std::move(v_)); }
    T& operator*() & { return value(); }
    const T& operator*() const& { return value(); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }
    Error& error() & { return std::get<1>(v_); }
    const Error& error() const& { return std::get<1>(v_); }
    Error&& error() && { return std::get<1>(std::move(v_)); }
private:
    std::variant<T, Error> v_;
};

template <>
class [[nodiscard]] Expected<void> {
public:
    Expected() = default;
    Expected(Error e) : e_(std::move(e)) {}
    bool ok() const { return !e_.has_value(); }
    explicit operator bool() const { return ok(); }
    Error& error() & { return *e_; }
    const Error& error() const& { return *e_; }
    Error&& error() && { return std::move(*e_); }
private:
    std::optional<Error> e_;
};

}  // namespace img
