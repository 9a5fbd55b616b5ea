#include "proc_task.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <dirent.h>
#include <fcntl.h>
#include <sstream>
#include <unistd.h>

#include <fmt/format.h>

namespace img {
namespace {

uint64_t field_u64(const std::vector<std::string>& f, size_t i) {
    return i < f.size() ? std::strtoull(f[i].c_str(), nullptr, 10) : 0;
}

// "Name:\tvalue ..." lines of a status file: the value of `key`, or "".
std::string status_value(const std::string& text, std::string_view key) {
    size_t pos = 0;
    while (pos < text.size()) {
        size_t end = text.find('\n', pos);
        if (end == std::string::npos) end = text.size();
        std::string_view line(text.data() + pos, end - pos);
        if (line.size() > key.size() && line.substr(0, key.size()) == key && line[key.size()] == ':') {
            line.remove_prefix(key.size() + 1);
            while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) line.remove_prefix(1);
            return std::string(line);
        }
        pos = end + 1;
    }
    return {};
}

std::vector<uint32_t> u32_list(const std::string& s) {
    std::vector<uint32_t> out;
    std::istringstream in(s);
    uint64_t v;
    while (in >> v) out.push_back(uint32_t(v));
    return out;
}

}  // namespace

std::string proc_path(pid_t pid, const std::string& what) { return fmt::format("/proc/{}/{}", pid, what); }

Expected<std::string> read_proc_text(const std::string& path) {
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return make_error(fmt::format("cannot open: {}", std::strerror(errno))).in_file(path);
    std::string out;
    char buf[8192];
    for (;;) {
        ssize_t n = ::read(fd, buf, sizeof buf);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) { int err = errno; ::close(fd); return make_error(fmt::format("cannot read: {}", std::strerror(err))).in_file(path); }
        if (n == 0) break;
        out.append(buf, size_t(n));
        if (out.size() > (64u << 20)) { ::close(fd); return make_error("larger than 64 MiB").in_file(path); }
    }
    ::close(fd);
    return out;
}

Expected<ProcStat> parse_proc_stat(const std::string& text) {
    // The command name is in parentheses and may hold anything: fields start after the last ')'.
    size_t close = text.rfind(')');
    if (close == std::string::npos || close + 2 >= text.size()) return make_error("no ')' after the command name");
    std::vector<std::string> f;   // f[0] is field 3 (state)
    std::istringstream in(text.substr(close + 2));
    for (std::string w; in >> w;) f.push_back(w);
    if (f.size() < 49) return make_error(fmt::format("{} fields after the command name, 49 needed", f.size()));
    ProcStat s;
    s.state = f[0][0];
    s.ppid = pid_t(field_u64(f, 1)); s.pgid = pid_t(field_u64(f, 2)); s.sid = pid_t(field_u64(f, 3));
    s.flags = field_u64(f, 6);
    // Field N of proc(5) is f[N - 3].
    s.start_code = field_u64(f, 23); s.end_code = field_u64(f, 24); s.start_stack = field_u64(f, 25);
    s.start_data = field_u64(f, 42); s.end_data = field_u64(f, 43); s.start_brk = field_u64(f, 44);
    s.arg_start = field_u64(f, 45); s.arg_end = field_u64(f, 46);
    s.env_start = field_u64(f, 47); s.env_end = field_u64(f, 48);
    return s;
}

Expected<ProcStatus> parse_proc_status(const std::string& text) {
    ProcStatus s;
    auto uids = u32_list(status_value(text, "Uid")), gids = u32_list(status_value(text, "Gid"));
    if (uids.size() != 4 || gids.size() != 4) return make_error("no Uid/Gid lines of four numbers");
    std::copy(uids.begin(), uids.end(), s.uid.begin());
    std::copy(gids.begin(), gids.end(), s.gid.begin());
    auto hex = [&](std::string_view k) { return std::strtoull(status_value(text, k).c_str(), nullptr, 16); };
    s.cap_inh = hex("CapInh"); s.cap_prm = hex("CapPrm"); s.cap_eff = hex("CapEff");
    s.cap_bnd = hex("CapBnd"); s.cap_amb = hex("CapAmb"); s.sig_blk = hex("SigBlk");
    s.groups = u32_list(status_value(text, "Groups"));
    std::string um = status_value(text, "Umask");
    if (!um.empty()) s.umask = uint32_t(std::strtoul(um.c_str(), nullptr, 8));
    s.seccomp = uint32_t(std::strtoul(status_value(text, "Seccomp").c_str(), nullptr, 10));
    s.no_new_privs = uint32_t(std::strtoul(status_value(text, "NoNewPrivs").c_str(), nullptr, 10));
    return s;
}

char task_state(pid_t pid) {
    auto t = read_proc_text(proc_path(pid, "stat"));
    if (!t) return '\0';
    auto s = parse_proc_stat(*t);
    return s ? s->state : '\0';
}

std::vector<int> list_proc_numbers(const std::string& dir) {
    std::vector<int> out;
    DIR* d = opendir(dir.c_str());
    if (!d) return out;
    while (dirent* e = readdir(d)) {
        char* end = nullptr;
        long v = std::strtol(e->d_name, &end, 10);
        if (end && *end == '\0' && e->d_name[0] != '\0') out.push_back(int(v));
    }
    closedir(d);
    std::sort(out.begin(), out.end());
    return out;
}

std::vector<pid_t> task_children(pid_t pid) {
    std::vector<pid_t> out;
    for (int tid : list_proc_numbers(proc_path(pid, "task"))) {
        auto t = read_proc_text(fmt::format("/proc/{}/task/{}/children", pid, tid));
        if (!t) continue;
        for (uint32_t c : u32_list(*t)) out.push_back(pid_t(c));
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

}  // namespace img
