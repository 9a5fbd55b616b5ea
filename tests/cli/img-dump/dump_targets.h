// What the img-dump tests share: the test programs of shared/criu-images/programs compiled once
// into the build tree, target processes started as session leaders (and reaped by the test,
// which is their subreaper, so a dumped pid is free for the restore), CRIU 4.2 found or the
// reason it was not.
#pragma once

#include <csignal>
#include <cstdlib>
#include <fcntl.h>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <vector>

#include <gtest/gtest.h>

#include "harness/paths.h"
#include "harness/process.h"

namespace img::test {

// True when `s` holds `what` (the img-dump suites' one spelling of it: they compile together).
inline bool has(const std::string& s, const std::string& what) { return s.find(what) != std::string::npos; }

// The test programs, built with gcc on first use; nullopt (and why) without gcc or shared/.
struct Programs {
    std::string dir;
    std::string path(const std::string& name) const { return dir + "/" + name; }
};

// Compiles `src` into `out` unless `out` is already newer: through a temporary name renamed into
// place, so that tests running side by side (ctest -j) never run a half-written program.
inline bool compile_once(const std::vector<std::string>& flags, const std::string& src, const std::string& out,
                         std::string& why) {
    struct stat s{}, o{};
    if (::stat(out.c_str(), &o) == 0 && ::stat(src.c_str(), &s) == 0 && o.st_mtime >= s.st_mtime) return true;
    std::string tmp = out + ".tmp." + std::to_string(::getpid());
    std::vector<std::string> argv{"/usr/bin/env", "gcc", "-O1"};
    argv.insert(argv.end(), flags.begin(), flags.end());
    argv.insert(argv.end(), {"-o", tmp, src});
    auto r = run(argv, std::nullopt, "", 120);
    if (r.exit_code != 0) { why = "cannot compile " + src + " with gcc: " + r.err; return false; }
    return ::rename(tmp.c_str(), out.c_str()) == 0;
}

// The test programs, compiled on first use into <build>/tests/img-dump-programs (kept between
// test processes: ctest runs each test alone); nullopt (and why) without gcc or shared/.
inline const std::optional<Programs>& programs(std::string* why = nullptr) {
    static std::string reason;
    static const std::optional<Programs> built = []() -> std::optional<Programs> {
        auto shared = shared_dir();
        if (!shared) { reason = shared_missing_reason(); return std::nullopt; }
        std::string src = *shared + "/criu-images/programs/";
        std::string dir = binary_dir() + "/tests/img-dump-programs";
        ::mkdir(dir.c_str(), 0755);
        const std::vector<std::pair<std::string, std::vector<std::string>>> progs = {
            {"bigmem", {}}, {"bigmem-verify", {}}, {"files", {}}, {"threads", {"-pthread"}},
            {"tree", {}}, {"relapp", {"-static"}},
        };
        for (const auto& [name, flags] : progs)
            if (!compile_once(flags, src + name + ".c", dir + "/" + name, reason)) return std::nullopt;
        // The suite's own targets, beside its sources.
        std::string own = source_dir() + "/tests/cli/img-dump/programs/";
        for (const char* name : {"sockets", "seccomp", "anonfd", "delmap", "ptimer", "shmanon"})
            if (!compile_once({}, own + name + ".c", dir + "/" + name, reason)) return std::nullopt;
        return Programs{dir};
    }();
    if (why) *why = reason;
    return built;
}

// CRIU 4.2: $CRIU_BIN, else `criu` on PATH, when its --version says 4.2.
inline std::optional<std::string> criu_binary(std::string* why) {
    const char* env = std::getenv("CRIU_BIN");
    std::string bin = env && *env ? env : "criu";
    auto r = run({"/bin/sh", "-c", "exec \"$0\" --version", bin});
    if (r.exit_code == 0 && r.out.find("Version: 4.2") != std::string::npos) return bin;
    *why = "CRIU 4.2 not found (set CRIU_BIN, or put criu 4.2 on PATH): restore tests skipped";
    return std::nullopt;
}

#define IMG_NEED_PROGRAMS()                                        \
    std::string why_;                                              \
    if (!programs(&why_)) GTEST_SKIP() << why_;                    \
    const Programs& progs = *programs()

#define IMG_NEED_CRIU()                                            \
    std::string why_criu_;                                         \
    auto criu = criu_binary(&why_criu_);                           \
    if (!criu) GTEST_SKIP() << why_criu_

// A target process: session leader, stdin/stdout /dev/null, no other fds, a child of the test
// (or, once restored, reparented to it as subreaper), killed and reaped on destruction.
class Target {
public:
    Target(const std::vector<std::string>& argv, const std::string& cwd = "") {
        ::prctl(PR_SET_CHILD_SUBREAPER, 1);
        pid_ = ::fork();
        if (pid_ == 0) {
            ::setsid();
            int nul = ::open("/dev/null", O_RDWR);
            ::dup2(nul, 0); ::dup2(nul, 1); ::dup2(nul, 2);
            ::syscall(SYS_close_range, 3, ~0U, 0);
            if (!cwd.empty() && ::chdir(cwd.c_str()) != 0) ::_exit(126);
            std::vector<char*> args;
            for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
            args.push_back(nullptr);
            ::execvp(args[0], args.data());
            ::_exit(127);
        }
    }
    ~Target() { stop(); }
    Target(const Target&) = delete;
    Target& operator=(const Target&) = delete;
    pid_t pid() const { return pid_; }
    void stop() {
        if (pid_ <= 0) return;
        ::kill(pid_, SIGKILL);
        reap();
    }
    // Waits (up to 10 s) until the pid is gone and reaped: a restore needs it free.
    void reap() {
        for (int i = 0; i < 1000 && pid_ > 0; ++i) {
            int st;
            pid_t r = ::waitpid(pid_, &st, WNOHANG);
            if (r == pid_ || (r < 0 && errno == ECHILD && !alive())) { pid_ = -pid_; break; }
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
    }
    // After a restore, the same pid runs again (reparented to us).
    void adopt_again() { if (pid_ < 0) pid_ = -pid_; }
    bool alive() const { return pid_ > 0 && ::kill(pid_, 0) == 0 && state() != 'Z'; }
    char state() const {
        std::string st = read_text("/proc/" + std::to_string(pid_) + "/stat");
        size_t close = st.rfind(')');
        return close == std::string::npos || close + 2 >= st.size() ? '\0' : st[close + 2];
    }
    // TracerPid of /proc/PID/status (0: nobody traces it).
    int tracer() const {
        std::string s = read_text("/proc/" + std::to_string(pid_) + "/status");
        size_t at = s.find("TracerPid:");
        return at == std::string::npos ? -1 : std::atoi(s.c_str() + at + 10);
    }
    static std::string read_text(const std::string& path) {
        int fd = ::open(path.c_str(), O_RDONLY);
        if (fd < 0) return {};
        std::string out;
        char buf[4096];
        for (ssize_t n; (n = ::read(fd, buf, sizeof buf)) > 0;) out.append(buf, size_t(n));
        ::close(fd);
        return out;
    }

private:
    pid_t pid_ = -1;
};

// Polls `cond` every 20 ms for up to `seconds`.
template <class F>
bool eventually(F cond, double seconds = 10) {
    for (int i = 0; i < int(seconds * 50); ++i) {
        if (cond()) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return cond();
}

inline RunResult img_dump(const std::vector<std::string>& args) {
    std::vector<std::string> argv{tool_path("img-dump")};
    argv.insert(argv.end(), args.begin(), args.end());
    return run(argv, std::nullopt, "", 120);
}

// criu restore -D DIR -d (log into DIR/restore.log); the restored root is `t` again.
inline RunResult criu_restore(const std::string& criu, const std::string& dir, Target& t) {
    auto r = run({criu, "restore", "-D", dir, "-d", "-v4", "-o", "restore.log"}, std::nullopt, "", 120);
    t.adopt_again();
    return r;
}

// The lines of a CRIU log that say Error.
inline std::string error_lines(const std::string& log) {
    std::istringstream in(log);
    std::string out;
    for (std::string line; std::getline(in, line);)
        if (has(line, "Error")) out += line + "\n";
    return out;
}

// Dumps `t` (killing it, CRIU's default), reaps it, restores the dump; the restore's result.
inline RunResult dump_and_restore(const std::string& criu, Target& t, const std::string& dir,
                           const std::vector<std::string>& extra = {}, const std::vector<pid_t>& children = {}) {
    std::vector<std::string> args{"-t", std::to_string(t.pid()), "-D", dir};
    args.insert(args.end(), extra.begin(), extra.end());
    auto d = img_dump(args);
    EXPECT_EQ(d.exit_code, 0) << d;
    if (d.exit_code != 0) return d;
    t.reap();
    for (pid_t c : children) ::waitpid(c, nullptr, 0);   // reparented to us (subreaper) when killed
    auto v = run({tool_path("img-verify"), "--root", "/", dir});
    EXPECT_EQ(v.exit_code, 0) << v;
    EXPECT_TRUE(has(v.out, "whole and ready to restore under /")) << v;
    auto r = criu_restore(criu, dir, t);
    EXPECT_EQ(r.exit_code, 0) << r << error_lines(Target::read_text(dir + "/restore.log"));
    return r;
}

}  // namespace img::test
