// What a task's core says of it in the words of /proc/PID/status: its state ("alive",
// "zombie", "stopped") and its name (comm).
#pragma once

#include <cstdint>
#include <string>

#include "img/model/checkpoint.h"
#include "img/support/error.h"

namespace img {

// "alive", "zombie", "stopped", or "state N" (core tc.task_state).
std::string task_state_name(uint32_t state);
// The state of a task from its leader's core ("" when the core is missing).
Expected<std::string> task_state(Checkpoint& d, uint32_t pid);
// The task's name: tc.comm of its core ("" when missing), made displayable.
Expected<std::string> task_comm(Checkpoint& d, uint32_t pid);

}  // namespace img
