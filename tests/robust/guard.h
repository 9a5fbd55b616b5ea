// Guards for the robustness suite: the largest single allocation since the
// last reset (plain builds only: sanitizers bring their own allocator and
// report absurd sizes themselves), a per-test alarm against hangs, and the one
// check every damaged input must pass.
#pragma once

#include <cstddef>
#include <string>

#include <gtest/gtest.h>

namespace img::test {

// Largest single operator new request since reset_largest_allocation();
// 0 when not tracked (sanitizer builds).
size_t largest_allocation();
void reset_largest_allocation();
bool allocation_tracking();

// Kills the test process with SIGALRM when a test runs longer than this.
class HangGuard : public ::testing::Test {
protected:
    void SetUp() override;
    void TearDown() override;
};

struct DecodeOutcome {
    bool ok = false;
    std::string error;      // Error::message() when !ok
    std::string json;       // plain JSON when ok
};

// Reads `bytes` as the file `name` through every read path: framing info,
// plain and pretty JSON, the readable view; and when it decodes, checks that
// JSON -> image -> JSON is stable. Adds test failures for broken rules.
DecodeOutcome decode_everything(const std::string& name, const std::string& bytes, const std::string& what);

// The allocation bound for an input of `size` bytes.
inline size_t allocation_bound(size_t size) { return 64u * 1024 * 1024 + 16 * size; }

}  // namespace img::test
