// fmt's out-of-line functions, compiled into libimg from Debian's libfmt-dev headers
// instead of loading libfmt.so: that library was the last C++ one the tools loaded, and
// with it came libstdc++.so and its thousands of symbol bindings at every start
// (see IMG_FMT_SHARED in the top CMakeLists.txt).
#ifndef IMG_FMT_SHARED
#include <fmt/format-inl.h>

namespace fmt {
inline namespace v9 {
namespace detail {
// The locale helpers format.h declares for char and leaves to the compiled library.
template auto thousands_sep_impl<char>(locale_ref) -> thousands_sep_result<char>;
template auto decimal_point_impl<char>(locale_ref) -> char;
}  // namespace detail
}  // namespace v9
}  // namespace fmt
#endif
