// DumpLock: the advisory lock one repair holds on a dump for as long as it works on it
// (flock on the dump directory itself, so it leaves no file behind in the dump).
#pragma once

#include <string>

#include "img/support/error.h"

namespace img {

class DumpLock {
public:
    // Takes the lock on directory `dir`; held by another process: an Error naming `dir`, or,
    // with `wait`, blocks until it is released.
    static Expected<DumpLock> acquire(const std::string& dir, bool wait);

    DumpLock(DumpLock&& o) noexcept : fd_(o.fd_) { o.fd_ = -1; }
    DumpLock& operator=(DumpLock&& o) noexcept;
    DumpLock(const DumpLock&) = delete;
    DumpLock& operator=(const DumpLock&) = delete;
    ~DumpLock();

private:
    explicit DumpLock(int fd) : fd_(fd) {}
    int fd_ = -1;
};

}  // namespace img
