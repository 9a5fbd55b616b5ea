// LazyLibrary: a shared library opened (dlopen) the first time one of its functions
// is wanted, so that a command which never reads an archive or hashes never loads
// libarchive (and its dozen dependencies) or libcrypto at start-up.
#pragma once

#include <mutex>
#include <optional>
#include <string>

#include "img/support/error.h"

namespace img {

class LazyLibrary {
public:
    // soname: the file dlopen is given ("libarchive.so.13"); purpose: what it is for, for errors.
    LazyLibrary(const char* soname, const char* purpose) : soname_(soname), purpose_(purpose) {}

    // The function `name` of the library, opening it on first use. Errors say which library
    // could not be loaded and for what.
    template <class Fn>
    Expected<Fn*> function(const char* name) {
        auto p = symbol(name);
        if (!p) return std::move(p).error();
        return reinterpret_cast<Fn*>(*p);
    }

    // Points `slot` at the function `name`, unless an earlier bind failed; the first failure
    // is kept in `first_error`. For filling a table of functions in one go.
    template <class Fn>
    void bind(Fn*& slot, const char* name, std::optional<Error>& first_error) {
        if (first_error) return;
        auto f = function<Fn>(name);
        if (f) slot = *f;
        else first_error = std::move(f).error();
    }

    const char* soname() const { return soname_; }

private:
    Expected<void*> symbol(const char* name);

    const char* soname_;
    const char* purpose_;
    std::once_flag once_;
    void* handle_ = nullptr;
    std::string open_error_;
};

}  // namespace img
