// owner_pid: which temporary names belong to a process that is gone.
#include "img/support/owner_pid.h"

#include <sys/wait.h>
#include <unistd.h>

#include <climits>

#include <gtest/gtest.h>

TEST(OwnerPid, ParsesOnlyPlainDecimalPids) {
    EXPECT_EQ(img::parse_owner_pid("12345"), 12345u);
    EXPECT_EQ(img::parse_owner_pid("4294967295"), 4294967295u);
    EXPECT_FALSE(img::parse_owner_pid(""));
    EXPECT_FALSE(img::parse_owner_pid("12a"));
    EXPECT_FALSE(img::parse_owner_pid("-5"));
    EXPECT_FALSE(img::parse_owner_pid("12345678901"));   // 11 digits: not a pid of ours
}

TEST(OwnerPid, LiveProcessesAndOurselvesAreNotGone) {
    EXPECT_FALSE(img::owner_is_gone(static_cast<uint64_t>(::getpid())));
    EXPECT_FALSE(img::owner_is_gone(static_cast<uint64_t>(::getppid())));
    EXPECT_FALSE(img::owner_is_gone(0));
}

TEST(OwnerPid, AReapedChildAndImpossiblePidsAreGone) {
    pid_t child = ::fork();
    ASSERT_GE(child, 0);
    if (child == 0) ::_exit(0);
    int status = 0;
    ASSERT_EQ(::waitpid(child, &status, 0), child);
    // The pid could be reused in between, but not within this test's few microseconds in practice.
    EXPECT_TRUE(img::owner_is_gone(static_cast<uint64_t>(child)));
    EXPECT_TRUE(img::owner_is_gone(static_cast<uint64_t>(INT_MAX) + 1));
}
