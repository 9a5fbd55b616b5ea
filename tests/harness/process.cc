#include "harness/process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <ostream>

namespace img::test {

namespace {
double now_s() {
    timespec ts{};
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}
}  // namespace

RunResult run(const std::vector<std::string>& argv, std::optional<std::string> input, const std::string& cwd,
              int timeout_seconds) {
    RunResult r;
    int in_p[2], out_p[2], err_p[2];
    if (::pipe2(in_p, O_CLOEXEC) || ::pipe2(out_p, O_CLOEXEC) || ::pipe2(err_p, O_CLOEXEC)) {
        r.err = std::string("pipe: ") + std::strerror(errno);
        return r;
    }
    // Built before fork: a child of a threaded test (two runs at once) must not allocate, since
    // another thread may hold the allocator's lock at the fork (seen as a hang under ASan).
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    pid_t pid = ::fork();
    if (pid < 0) { r.err = std::string("fork: ") + std::strerror(errno); return r; }
    if (pid == 0) {
        if (input) ::dup2(in_p[0], 0);
        else { int dn = ::open("/dev/null", O_RDONLY); ::dup2(dn, 0); }
        ::dup2(out_p[1], 1);
        ::dup2(err_p[1], 2);
        if (!cwd.empty() && ::chdir(cwd.c_str()) != 0) _exit(126);
        ::execv(args[0], args.data());
        _exit(127);
    }
    ::close(in_p[0]); ::close(out_p[1]); ::close(err_p[1]);
    int in_fd = in_p[1];
    if (!input) { ::close(in_fd); in_fd = -1; }
    else ::fcntl(in_fd, F_SETFL, O_NONBLOCK);
    size_t in_off = 0;
    int outs[2] = {out_p[0], err_p[0]};
    std::string* bufs[2] = {&r.out, &r.err};
    double deadline = now_s() + timeout_seconds;
    ::signal(SIGPIPE, SIG_IGN);
    while (outs[0] >= 0 || outs[1] >= 0 || in_fd >= 0) {
        if (in_fd >= 0 && in_off == input->size()) { ::close(in_fd); in_fd = -1; continue; }
        pollfd fds[3];
        int n = 0, idx[3];
        for (int i = 0; i < 2; ++i)
            if (outs[i] >= 0) { fds[n] = {outs[i], POLLIN, 0}; idx[n++] = i; }
        if (in_fd >= 0) { fds[n] = {in_fd, POLLOUT, 0}; idx[n++] = 2; }
        double left = deadline - now_s();
        if (left <= 0) { r.timed_out = true; ::kill(pid, SIGKILL); break; }
        int pr = ::poll(fds, static_cast<nfds_t>(n), static_cast<int>(left * 1000) + 1);
        if (pr < 0 && errno == EINTR) continue;
        for (int k = 0; k < n; ++k) {
            if (!fds[k].revents) continue;
            if (idx[k] == 2) {
                ssize_t w = ::write(in_fd, input->data() + in_off, input->size() - in_off);
                if (w > 0) in_off += static_cast<size_t>(w);
                else if (w < 0 && errno != EAGAIN && errno != EINTR) { ::close(in_fd); in_fd = -1; }
                continue;
            }
            char buf[65536];
            ssize_t got = ::read(fds[k].fd, buf, sizeof buf);
            if (got > 0) bufs[idx[k]]->append(buf, static_cast<size_t>(got));
            else if (got == 0 || (errno != EAGAIN && errno != EINTR)) { ::close(outs[idx[k]]); outs[idx[k]] = -1; }
        }
    }
    for (int fd : outs) if (fd >= 0) ::close(fd);
    if (in_fd >= 0) ::close(in_fd);
    int status = 0;
    struct rusage usage {};
    while (::wait4(pid, &status, 0, &usage) < 0 && errno == EINTR) {}
    r.max_rss_kib = usage.ru_maxrss;
    if (WIFEXITED(status)) r.exit_code = WEXITSTATUS(status);
    else if (WIFSIGNALED(status)) r.signal = WTERMSIG(status);
    return r;
}

std::ostream& operator<<(std::ostream& os, const RunResult& r) {
    os << "exit " << r.exit_code;
    if (r.signal) os << " (signal " << r.signal << ")";
    if (r.timed_out) os << " (timed out)";
    os << "\n--- stdout (" << r.out.size() << " bytes) ---\n" << r.out.substr(0, 2000);
    os << "\n--- stderr ---\n" << r.err.substr(0, 2000);
    return os;
}

}  // namespace img::test
