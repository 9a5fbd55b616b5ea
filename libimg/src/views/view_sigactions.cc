// sigactions: each task's signal handlers that are not SIG_DFL (core tc.sigactions,
// or the legacy sigacts-<pid>.img), with flags and blocked masks by name.
#include <fmt/format.h>

#include "img/model/image_loader.h"
#include "sa.pb.h"
#include "img/model/task_tree.h"
#include "img/views/views.h"
#include "table_cells.h"

namespace img {


namespace {

// Generic Linux numbering (x86, arm, ...); real-time signals by the kernel's SIGRTMIN (32).
std::string signal_name(uint32_t sig) {
    static const char* names[] = {nullptr, "SIGHUP", "SIGINT", "SIGQUIT", "SIGILL", "SIGTRAP", "SIGABRT", "SIGBUS",
                                  "SIGFPE", "SIGKILL", "SIGUSR1", "SIGSEGV", "SIGUSR2", "SIGPIPE", "SIGALRM", "SIGTERM",
                                  "SIGSTKFLT", "SIGCHLD", "SIGCONT", "SIGSTOP", "SIGTSTP", "SIGTTIN", "SIGTTOU", "SIGURG",
                                  "SIGXCPU", "SIGXFSZ", "SIGVTALRM", "SIGPROF", "SIGWINCH", "SIGIO", "SIGPWR", "SIGSYS"};
    if (sig < std::size(names) && names[sig]) return names[sig];
    return fmt::format("SIGRTMIN+{}", sig - 32);
}

struct Flag { uint64_t bit; const char* name; };
constexpr Flag kSaFlags[] = {{0x1, "SA_NOCLDSTOP"},        {0x2, "SA_NOCLDWAIT"},    {0x4, "SA_SIGINFO"},
                             {0x400, "SA_UNSUPPORTED"},    {0x800, "SA_EXPOSE_TAGBITS"}, {0x04000000, "SA_RESTORER"},
                             {0x08000000, "SA_ONSTACK"},   {0x10000000, "SA_RESTART"}, {0x40000000, "SA_NODEFER"},
                             {0x80000000, "SA_RESETHAND"}};

std::string sa_flags(uint64_t v) {
    std::string s;
    uint64_t known = 0;
    for (const auto& f : kSaFlags) {
        known |= f.bit;
        if (v & f.bit) s += (s.empty() ? "" : "|") + std::string(f.name);
    }
    if (v & ~known) s += (s.empty() ? "" : "|") + fmt::format("{:#x}", v & ~known);
    return s.empty() ? "0" : s;
}

std::vector<std::string> mask_signals(uint64_t mask) {
    std::vector<std::string> v;
    for (uint32_t b = 0; b < 64; ++b)
        if (mask & (uint64_t{1} << b)) v.push_back(signal_name(b + 1));
    return v;
}

}  // namespace

Expected<Table> view_sigactions(Checkpoint& d, const ViewOptions& o) {
    auto ts = select_tasks(d, o.pid);
    if (!ts) return std::move(ts).error();
    Table t;
    t.name = "sigactions";
    t.columns = {{"pid", "PID", true}, {"signal", "SIG", true}, {"name", "NAME"},     {"handler", "HANDLER"},
                 {"flags", "FLAGS"},   {"mask", "MASK"},        {"restorer", ""},     {"mask_signals", ""}};
    for (const auto& tr : *ts) {
        uint32_t pid = tr.pid();
        auto c = d.core(pid);
        if (!c) return std::move(c).error();
        std::vector<cimg::SaEntry> legacy;
        const google::protobuf::RepeatedPtrField<cimg::SaEntry>* sas = nullptr;
        if (*c && (*c)->has_tc() && (*c)->tc().sigactions_size()) {
            sas = &(*c)->tc().sigactions();
        } else {
            auto l = load_entries<cimg::SaEntry>(d.source(), fmt::format("sigacts-{}.img", pid));
            if (!l) return std::move(l).error();
            if (*l) legacy = std::move(**l);
        }
        // Entries are signals 1..SIGMAX in order, without SIGKILL and SIGSTOP.
        auto visit = [&](const cimg::SaEntry& sa, uint32_t sig) {
            if (sa.sigaction() == 0) return;   // SIG_DFL
            Cell handler = sa.sigaction() == 1 ? Cell::shown(Cell(sa.sigaction()), "SIG_IGN") : hex0x(sa.sigaction());
            t.add_row({Cell(pid), Cell(sig), Cell(signal_name(sig)), handler,
                       Cell::shown(Cell(sa.flags()), sa_flags(sa.flags())), hex0x(sa.mask()),
                       json_only(Cell(sa.restorer())), json_only(Cell(mask_signals(sa.mask())))});
        };
        uint32_t sig = 0;
        auto next_sig = [&] {
            do ++sig; while (sig == 9 || sig == 19);
            return sig;
        };
        if (sas)
            for (const auto& sa : *sas) visit(sa, next_sig());
        for (const auto& sa : legacy) visit(sa, next_sig());
    }
    return t;
}

}  // namespace img
