#include "posix_timers.h"

#include <csignal>
#include <cstring>
#include <sstream>
#include <sys/syscall.h>

#include <fmt/format.h>

#include "proc_task.h"
#include "syscall_injection.h"

namespace img {
namespace {

// The notify kinds /proc/PID/timers names, as sigevent numbers.
bool notify_number(const std::string& name, uint32_t& out) {
    if (name == "signal") out = SIGEV_SIGNAL;
    else if (name == "none") out = SIGEV_NONE;
    else if (name == "thread") out = SIGEV_THREAD;
    else return false;
    return true;
}

// "notify: signal/pid.123" or "notify: signal/tid.124" into `t`.
bool parse_notify(const std::string& value, PosixTimerState& t) {
    size_t slash = value.find('/'), dot = value.find('.');
    if (slash == std::string::npos || dot == std::string::npos || dot < slash) return false;
    if (!notify_number(value.substr(0, slash), t.notify)) return false;
    std::string whom = value.substr(slash + 1, dot - slash - 1);
    if (whom == "tid") {
        t.notify |= SIGEV_THREAD_ID;
        t.notify_tid = int32_t(std::strtol(value.c_str() + dot + 1, nullptr, 10));
    }
    return whom == "tid" || whom == "pid";
}

// One "key: value" line of a timer into `t`; false when the value does not read.
bool parse_timer_line(const std::string& key, const std::string& value, PosixTimerState& t) {
    char* end = nullptr;
    if (key == "signal") {
        t.signo = uint32_t(std::strtoul(value.c_str(), &end, 10));
        if (*end != '/') return false;
        t.sival = std::strtoull(end + 1, &end, 16);
        return *end == '\0';
    }
    if (key == "notify") return parse_notify(value, t);
    if (key == "ClockID") {
        t.clock_id = uint32_t(std::strtoul(value.c_str(), &end, 10));
        return end != value.c_str() && *end == '\0';
    }
    return true;   // a line later kernels may add
}

}  // namespace

Expected<std::vector<PosixTimerState>> parse_proc_timers(const std::string& text, const std::string& path) {
    std::vector<PosixTimerState> out;
    std::istringstream in(text);
    size_t offset = 0;
    for (std::string line; std::getline(in, line); offset += line.size() + 1) {
        size_t colon = line.find(": ");
        if (colon == std::string::npos) return make_error(fmt::format("{}: offset {}: no 'key: value' in the line", path, offset));
        std::string key = line.substr(0, colon), value = line.substr(colon + 2);
        if (key == "ID") {
            char* end = nullptr;
            out.push_back({});
            out.back().id = uint32_t(std::strtoul(value.c_str(), &end, 10));
            if (end == value.c_str() || *end) return make_error(fmt::format("{}: offset {}: bad timer id '{}'", path, offset, value));
        } else if (out.empty() || !parse_timer_line(key, value, out.back())) {
            return make_error(fmt::format("{}: offset {}: unexpected '{}'", path, offset, line));
        }
    }
    return out;
}

Expected<std::vector<PosixTimerState>> ask_posix_timers(pid_t pid, SyscallInjector& inj) {
    auto path = proc_path(pid, "timers");
    auto text = read_proc_text(path);
    if (!text) return text.error();
    auto timers = parse_proc_timers(*text, path);
    if (!timers) return timers.error();
    for (auto& t : *timers) {
        auto r = inj.call(SYS_timer_gettime, t.id, inj.scratch());
        if (r && *r < 0) return make_error(fmt::format("task {}: timer_gettime({}) in the task failed: {}", pid, t.id, std::strerror(int(-*r))));
        if (!r) return r.error();
        auto b = inj.read_scratch(32);   // itimerspec: interval {sec, nsec}, value {sec, nsec}
        if (!b) return b.error();
        uint64_t v[4];
        std::memcpy(v, b->data(), sizeof v);
        t.isec = v[0]; t.insec = v[1]; t.vsec = v[2]; t.vnsec = v[3];
        auto over = inj.call(SYS_timer_getoverrun, t.id);
        if (!over) return over.error();
        t.overrun = *over > 0 ? uint32_t(*over) : 0;
    }
    return timers;
}

}  // namespace img
