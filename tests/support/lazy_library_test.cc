// LazyLibrary: a library opened on first use; a missing one is an Error that names it
// and what it was needed for, never a crash.
#include <gtest/gtest.h>

#include "img/support/lazy_library.h"

namespace {

TEST(LazyLibrary, ResolvesAFunctionOfARealLibrary) {
    img::LazyLibrary lib("libc.so.6", "testing");
    auto f = lib.function<size_t(const char*)>("strlen");
    ASSERT_TRUE(f) << f.error().message();
    EXPECT_EQ((*f)("four"), 4u);
}

TEST(LazyLibrary, AMissingLibraryNamesItselfAndThePurpose) {
    img::LazyLibrary lib("libcriu-img-no-such-library.so.0", "reading imaginary things");
    auto f = lib.function<void()>("anything");
    ASSERT_FALSE(f);
    EXPECT_NE(f.error().message().find("libcriu-img-no-such-library.so.0"), std::string::npos) << f.error().message();
    EXPECT_NE(f.error().message().find("reading imaginary things"), std::string::npos) << f.error().message();
    // Asking again gives the same answer (the library is tried once).
    EXPECT_FALSE(lib.function<void()>("anything"));
}

TEST(LazyLibrary, AMissingFunctionIsNamed) {
    img::LazyLibrary lib("libc.so.6", "testing");
    std::optional<img::Error> err;
    size_t (*slot)(const char*) = nullptr;
    lib.bind(slot, "criu_img_no_such_function", err);
    ASSERT_TRUE(err);
    EXPECT_EQ(slot, nullptr);
    EXPECT_NE(err->message().find("criu_img_no_such_function"), std::string::npos) << err->message();
    // After a failure, later binds are skipped and the first error is kept.
    lib.bind(slot, "strlen", err);
    EXPECT_EQ(slot, nullptr);
}

}  // namespace
