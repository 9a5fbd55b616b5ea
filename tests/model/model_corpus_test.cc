// The model's queries on the captures of the shared corpus (shared/criu-images; each test skips
// without it): the tree capture's order, a thread selection and a thread's comm in the threads capture.
#include <gtest/gtest.h>

#include "model/model_test_util.h"

#include <vector>

#include "img/model/task_status.h"
#include "img/model/task_tree.h"

namespace {

using namespace img;
using namespace img::test;

TEST(TaskTree, TheTreeCaptureInPstreeOrder) {
    auto d = open_shared("tree");
    if (!d) GTEST_SKIP() << shared_missing_reason();
    auto ts = task_tree(*d);
    ASSERT_TRUE(ts.ok()) << ts.error().message();
    EXPECT_EQ(pids_and_depths(*ts),
              (std::vector<std::pair<uint32_t, int>>{{13295, 0}, {13297, 1}, {13298, 1}, {13299, 1}}));
}

TEST(SelectTasks, AThreadIdSelectsItsTaskAndThatThread) {
    auto d = open_shared("threads");
    if (!d) GTEST_SKIP() << shared_missing_reason();
    auto ts = select_tasks(*d, 13397u);
    ASSERT_TRUE(ts.ok()) << ts.error().message();
    ASSERT_EQ(ts->size(), 1u);
    EXPECT_EQ((*ts)[0].pid(), 13395u);
    EXPECT_EQ(selected_thread(*ts, 13397u), std::optional<uint32_t>(13397));
    auto sel = selected_task_pid(*d, 13397u);
    ASSERT_TRUE(sel.ok());
    EXPECT_EQ(*sel, std::optional<uint32_t>(13395));
}

TEST(TaskStatus, CommOfATaskNotOfAThread) {
    auto t = open_shared("threads");
    if (!t) GTEST_SKIP() << shared_missing_reason();
    EXPECT_EQ(*task_comm(*t, 13395), "threads");
    EXPECT_EQ(*task_comm(*t, 13397), "") << "a thread's core has no task part (tc): only a task has a comm here";
}

}  // namespace
