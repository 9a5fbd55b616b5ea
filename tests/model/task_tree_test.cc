// The task walk and what a task's core says (img/model/task_tree.h, task_status.h) on the CRIU 4.2
// captures of testdata/captured: tree order and depth, the --pid selection, states, names.
#include <gtest/gtest.h>

#include "model/model_test_util.h"

#include <vector>

#include "img/model/task_status.h"
#include "img/model/task_tree.h"

namespace {

using namespace img;
using namespace img::test;

TEST(TaskTree, ParentFirstThenItsChildrenOneLevelDeeper) {
    auto d = open_captured("zombies");
    ASSERT_TRUE(d);
    auto ts = task_tree(*d);
    ASSERT_TRUE(ts.ok()) << ts.error().message();
    EXPECT_EQ(pids_and_depths(*ts), (std::vector<std::pair<uint32_t, int>>{{22610, 0}, {22612, 1}, {22613, 1}}));
}

TEST(TaskTree, WithoutPstreeItIsAnErrorNamingIt) {
    auto d = open_captured("programs");   // programs only, no process tree
    ASSERT_TRUE(d);
    auto ts = task_tree(*d);
    ASSERT_FALSE(ts.ok());
    EXPECT_EQ(ts.error().message(), captured_dir() + "/programs/pstree.img: missing: is this a CRIU image directory?");
}

TEST(SelectTasks, NoPidIsEveryTask) {
    auto d = open_captured("zombies");
    ASSERT_TRUE(d);
    auto ts = select_tasks(*d, std::nullopt);
    ASSERT_TRUE(ts.ok());
    EXPECT_EQ(ts->size(), 3u);
    auto sel = selected_task_pid(*d, std::nullopt);
    ASSERT_TRUE(sel.ok());
    EXPECT_FALSE(*sel);
    EXPECT_FALSE(selected_thread(*ts, std::nullopt));
}

TEST(SelectTasks, APidIsThatTaskAtItsDepth) {
    auto d = open_captured("zombies");
    ASSERT_TRUE(d);
    auto ts = select_tasks(*d, 22613u);
    ASSERT_TRUE(ts.ok());
    EXPECT_EQ(pids_and_depths(*ts), (std::vector<std::pair<uint32_t, int>>{{22613, 1}}));
    EXPECT_FALSE(selected_thread(*ts, 22613u)) << "a leader is not a thread selection";
}

TEST(SelectTasks, AnUnknownPidListsTheTasks) {
    auto d = open_captured("zombies");
    ASSERT_TRUE(d);
    auto ts = select_tasks(*d, 4242u);
    ASSERT_FALSE(ts.ok());
    EXPECT_EQ(ts.error().message(),
              captured_dir() + "/zombies/pstree.img: no task or thread 4242 in this dump (tasks: 22610, 22612, 22613)");
    EXPECT_FALSE(selected_task_pid(*d, 4242u).ok());
}

TEST(TaskStatus, StatesFromTheCores) {
    auto z = open_captured("zombies");
    auto s = open_captured("stopped");
    ASSERT_TRUE(z && s);
    EXPECT_EQ(*task_state(*z, 22610), "alive");
    EXPECT_EQ(*task_state(*z, 22612), "zombie");
    EXPECT_EQ(*task_state(*s, 22737), "stopped");
    EXPECT_EQ(*task_state(*z, 4242), "") << "no core: no state";
    EXPECT_EQ(task_state_name(7), "state 7");
}
TEST(TaskStatus, CommOfATask) {
    auto z = open_captured("zombies");
    ASSERT_TRUE(z);
    EXPECT_EQ(*task_comm(*z, 22612), "zombies");
}

}  // namespace
