// Exit codes shared by every tool.
#pragma once

namespace img {

enum ExitCode : int {
    kExitOk = 0,        // success: nothing found, identical, done
    kExitFound = 1,     // problems or differences found (or nothing to do, where a tool says so)
    kExitError = 2,     // usage error or unreadable input
};

}  // namespace img
