#include "img/support/lazy_library.h"

#include <dlfcn.h>

#include <fmt/format.h>

namespace img {

Expected<void*> LazyLibrary::symbol(const char* name) {
    std::call_once(once_, [this] {
        handle_ = ::dlopen(soname_, RTLD_NOW | RTLD_LOCAL);
        if (!handle_) open_error_ = ::dlerror();
    });
    if (!handle_)
        return make_error(fmt::format("{} needs {}, which cannot be loaded: {}", purpose_, soname_, open_error_));
    ::dlerror();
    void* p = ::dlsym(handle_, name);
    if (!p) return make_error(fmt::format("{} needs {} from {}, which lacks it", purpose_, name, soname_));
    return p;
}

}  // namespace img
