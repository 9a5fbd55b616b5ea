// The registry is a fixed table of paths in static storage, so the signal handler reads it
// without locks or allocation; a slot's state is an atomic that says when its path is whole.
// Folders are listed with getdents64 (opendir/readdir may allocate) and emptied with unlinkat.
#include "img/io/temp_dir_cleanup.h"

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <climits>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string_view>

#include "img/support/owner_pid.h"

namespace img {

namespace {

enum SlotState : int { kFree = 0, kFilling = 1, kLive = 2 };

struct Slot {
    std::atomic<int> state{kFree};
    char path[PATH_MAX];
};

constexpr int kSlots = 16;
Slot g_slots[kSlots];
// Signals that end a tool from outside (a shell's ^C and ^\\, kill, a closed terminal, a closed pipe
// as in `img-show ARCHIVE | head`), handled unless ignored; and crashes (an uncaught bad_alloc ends
// in abort), handled only when nobody (a sanitizer, a debugger's helper) handles them already.
constexpr int kSignals[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGPIPE};
constexpr int kCrashSignals[] = {SIGABRT, SIGSEGV, SIGBUS};

struct LinuxDirent64 {
    uint64_t d_ino;
    int64_t d_off;
    unsigned short d_reclen;
    unsigned char d_type;
    char d_name[];
};

bool is_dot(const char* n) { return n[0] == '.' && (n[1] == 0 || (n[1] == '.' && n[2] == 0)); }

// Unlinks what `dirfd` holds; `depth` 0 may descend once into a subfolder. Entries are removed
// while listing, so the listing starts again until a pass removes nothing.
void empty_dir(int dirfd, int depth) {
    alignas(8) char buf[4096];
    for (bool removed = true; removed;) {
        removed = false;
        if (::lseek(dirfd, 0, SEEK_SET) < 0) return;
        for (;;) {
            long n = ::syscall(SYS_getdents64, dirfd, buf, sizeof buf);
            if (n <= 0) break;
            for (long off = 0; off < n;) {
                auto* d = reinterpret_cast<LinuxDirent64*>(buf + off);
                off += d->d_reclen;
                if (is_dot(d->d_name)) continue;
                if (::unlinkat(dirfd, d->d_name, 0) == 0) { removed = true; continue; }
                if ((errno != EISDIR && errno != EPERM) || depth > 0) continue;
                int sub = ::openat(dirfd, d->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
                if (sub < 0) continue;
                empty_dir(sub, depth + 1);
                ::close(sub);
                if (::unlinkat(dirfd, d->d_name, AT_REMOVEDIR) == 0) removed = true;
            }
        }
    }
}

void on_signal(int sig) {
    const int saved = errno;
    for (Slot& s : g_slots)
        if (s.state.load(std::memory_order_acquire) == kLive) remove_temp_dir(s.path);
    // Die of the same signal: with the default action restored it is delivered, still blocked
    // while this handler runs, as soon as the handler returns.
    struct sigaction dfl {};
    dfl.sa_handler = SIG_DFL;
    sigemptyset(&dfl.sa_mask);
    ::sigaction(sig, &dfl, nullptr);
    ::raise(sig);
    errno = saved;
}

}  // namespace

bool remove_temp_dir(const char* path) {
    int fd = ::open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd >= 0) {
        empty_dir(fd, 0);
        ::close(fd);
    }
    return ::rmdir(path) == 0 || errno == ENOENT;
}

void install_cleanup_on_signals() {
    struct sigaction sa {};
    sa.sa_handler = on_signal;
    sa.sa_flags = SA_RESTART;
    sigemptyset(&sa.sa_mask);
    for (int s : kSignals) sigaddset(&sa.sa_mask, s);   // one cleanup at a time
    for (int s : kSignals) {
        struct sigaction old {};
        if (::sigaction(s, nullptr, &old) == 0 && old.sa_handler == SIG_IGN) continue;   // nohup and the like
        ::sigaction(s, &sa, nullptr);
    }
    for (int s : kCrashSignals) {
        struct sigaction old {};
        if (::sigaction(s, nullptr, &old) == 0 && !(old.sa_flags & SA_SIGINFO) && old.sa_handler == SIG_DFL)
            ::sigaction(s, &sa, nullptr);
    }
}

int register_temp_dir(const std::string& path) {
    if (path.size() >= PATH_MAX) return -1;
    for (int i = 0; i < kSlots; ++i) {
        int expected = kFree;
        if (!g_slots[i].state.compare_exchange_strong(expected, kFilling)) continue;
        std::memcpy(g_slots[i].path, path.c_str(), path.size() + 1);
        g_slots[i].state.store(kLive, std::memory_order_release);
        return i;
    }
    return -1;
}

void unregister_temp_dir(int slot) {
    if (slot >= 0 && slot < kSlots) g_slots[slot].state.store(kFree, std::memory_order_release);
}

void remove_stale_temp_dirs(const std::string& parent, const std::string& prefix) {
    DIR* d = ::opendir(parent.c_str());
    if (!d) return;
    while (dirent* de = ::readdir(d)) {
        const char* name = de->d_name;
        if (std::strncmp(name, prefix.c_str(), prefix.size()) != 0) continue;
        std::string_view rest(name + prefix.size());
        size_t dash = rest.find('-');
        auto pid = parse_owner_pid(rest.substr(0, dash));
        if (dash == std::string_view::npos || !pid || !owner_is_gone(*pid)) continue;   // alive, ours, or not ours to know
        struct stat st {};
        std::string path = parent + "/" + name;
        if (::lstat(path.c_str(), &st) != 0 || !S_ISDIR(st.st_mode) || st.st_uid != ::geteuid()) continue;
        remove_temp_dir(path.c_str());
    }
    ::closedir(d);
}

}  // namespace img
