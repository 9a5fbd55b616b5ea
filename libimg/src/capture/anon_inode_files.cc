// FileCollector's anonymous-inode descriptors it can capture: an eventfd (its counter, from
// fdinfo) and an epoll instance (every watched descriptor with events, data and the file behind
// it, from fdinfo). A semaphore eventfd, or an epoll watching a file no longer open at the fd
// number it was added with, is refused by name.
#include <cstdlib>
#include <optional>
#include <sstream>
#include <sys/stat.h>

#include <fmt/format.h>

#include "eventfd.pb.h"
#include "eventpoll.pb.h"
#include "fdinfo.pb.h"
#include "file_collector.h"
#include "proc_task.h"

namespace img {
namespace {

constexpr uint32_t kTypeEventfd = 6, kTypeEventpoll = 7;

// The number after `key` in fdinfo text, read in `base`; nullopt when the key is missing.
std::optional<uint64_t> fdinfo_number(const std::string& text, const std::string& key, int base) {
    size_t at = text.find(key);
    if (at == std::string::npos) return std::nullopt;
    return std::strtoull(text.c_str() + at + key.size(), nullptr, base);
}

void clear_fown(cimg::FownEntry& f) {
    f.set_uid(0); f.set_euid(0); f.set_signum(0); f.set_pid_type(0); f.set_pid(0);
}

// One "tfd: N events: X data: X pos:N ino:X sdev:X" line of an epoll's fdinfo.
std::optional<cimg::EventpollTfdEntry> parse_tfd_line(const std::string& line) {
    auto tfd = fdinfo_number(line, "tfd:", 10), events = fdinfo_number(line, "events:", 16);
    auto data = fdinfo_number(line, "data:", 16), pos = fdinfo_number(line, "pos:", 10);
    auto ino = fdinfo_number(line, "ino:", 16), dev = fdinfo_number(line, "sdev:", 16);
    if (!tfd || !events || !data || !pos || !ino || !dev) return std::nullopt;
    cimg::EventpollTfdEntry t;
    t.set_id(0);
    t.set_tfd(uint32_t(*tfd));
    t.set_events(uint32_t(*events));
    t.set_data(*data);
    t.set_dev(uint32_t(*dev));
    t.set_inode(*ino);
    t.set_pos(*pos);
    return t;
}

}  // namespace

Expected<uint32_t> FileCollector::add_eventfd(pid_t pid, int fd, uint32_t flags, const std::string& fdinfo) {
    auto counter = fdinfo_number(fdinfo, "eventfd-count:", 16);
    if (!counter) return make_error(fmt::format("task {}: fd {}: eventfd without a count in its fdinfo", pid, fd));
    if (fdinfo_number(fdinfo, "eventfd-semaphore:", 10).value_or(0) != 0)
        return make_error(fmt::format("task {}: fd {}: eventfd in semaphore mode is not supported by img-dump", pid, fd));
    auto& e = new_entry(kTypeEventfd);
    auto* ev = e.mutable_efd();
    ev->set_id(e.id());
    ev->set_flags(flags);
    clear_fown(*ev->mutable_fown());
    ev->set_counter(*counter);
    return e.id();
}

Expected<uint32_t> FileCollector::add_eventpoll(pid_t pid, int fd, uint32_t flags, const std::string& fdinfo) {
    std::vector<cimg::EventpollTfdEntry> watched;
    std::istringstream in(fdinfo);
    for (std::string line; std::getline(in, line);) {
        if (line.rfind("tfd:", 0) != 0) continue;
        auto t = parse_tfd_line(line);
        if (!t) return make_error(fmt::format("task {}: fd {}: epoll fdinfo line not understood: {}", pid, fd, line));
        struct stat st{};
        std::string at = proc_path(pid, fmt::format("fd/{}", t->tfd()));
        if (::stat(at.c_str(), &st) != 0 || uint64_t(st.st_ino) != t->inode())
            return make_error(fmt::format("task {}: fd {}: epoll watching a file no longer open at fd {} is not supported by img-dump",
                                          pid, fd, t->tfd()));
        watched.push_back(std::move(*t));
    }
    auto& e = new_entry(kTypeEventpoll);
    auto* ep = e.mutable_epfd();
    ep->set_id(e.id());
    ep->set_flags(flags);
    clear_fown(*ep->mutable_fown());
    for (auto& t : watched) *ep->add_tfd() = std::move(t);
    return e.id();
}

}  // namespace img
