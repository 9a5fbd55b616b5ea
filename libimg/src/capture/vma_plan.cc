#include "vma_plan.h"

#include <sys/mman.h>

#include <fmt/format.h>

namespace img {
namespace {

constexpr uint32_t kRegular = 0x1, kVsyscall = 0x4, kVdso = 0x8, kHeap = 0x20, kFilePrivate = 0x40,
                   kFileShared = 0x80, kAnonPrivate = 0x200, kVvar = 0x1000, kMemfd = 0x4000;

uint64_t madvise_bits(const MappedArea& a) {
    static const struct { const char* flag; int advice; } kMap[] = {
        {"dd", MADV_DONTDUMP}, {"dc", MADV_DONTFORK}, {"hg", MADV_HUGEPAGE}, {"nh", MADV_NOHUGEPAGE},
        {"mg", MADV_MERGEABLE}, {"wf", MADV_WIPEONFORK}, {"sr", MADV_SEQUENTIAL}, {"rr", MADV_RANDOM},
    };
    uint64_t m = 0;
    for (const auto& e : kMap) if (a.has_flag(e.flag)) m |= uint64_t(1) << e.advice;
    return m;
}

bool ends_with(const std::string& s, std::string_view t) {
    return s.size() >= t.size() && std::string_view(s).substr(s.size() - t.size()) == t;
}

// MAP_SHARED|MAP_ANONYMOUS memory: the kernel names its shmem inode "/dev/zero (deleted)".
bool is_shared_anon(const MappedArea& a) { return a.shared && a.is_file() && a.path == "/dev/zero (deleted)"; }

// The kind of an area img-dump does not capture, or "" when it does.
std::string unsupported_kind(const MappedArea& a) {
    if (a.path.rfind("/SYSV", 0) == 0) return "System V shared memory";
    if (a.path.rfind("/memfd:", 0) == 0) return "memfd mapping";
    if (is_shared_anon(a)) return {};
    if (a.path.rfind("/dev/zero", 0) == 0 && !a.shared) return "private mapping of /dev/zero";
    if (a.path.rfind("/dev/zero", 0) == 0 || (a.shared && a.path.empty())) return "shared anonymous memory";
    if (ends_with(a.path, " (deleted)") && a.shared) return "shared mapping of a deleted file";
    if (!a.path.empty() && a.path[0] == '[' && a.path != "[heap]" && a.path != "[stack]" && a.path != "[vdso]" &&
        a.path != "[vvar]" && a.path != "[vvar_vclock]" && a.path != "[vsyscall]" && a.path.rfind("[anon:", 0) != 0)
        return "special mapping " + a.path;
    if (!a.path.empty() && a.path[0] != '/' && a.path[0] != '[') return "mapping of " + a.path;
    return {};
}

VmaPlan plan_one(const MappedArea& a) {
    VmaPlan p;
    p.area = a;
    p.prot = (a.read ? PROT_READ : 0) | (a.write ? PROT_WRITE : 0) | (a.exec ? PROT_EXEC : 0);
    p.madv = madvise_bits(a);
    p.flags = a.shared ? MAP_SHARED : MAP_PRIVATE;
    if (a.has_flag("gd")) p.flags |= MAP_GROWSDOWN;
    if (a.is_file()) {
        p.file_backed = true;
        p.status = kRegular | (a.shared ? kFileShared : kFilePrivate);
        p.pages = a.shared ? PagePolicy::None : PagePolicy::FilePrivate;
        p.writable_shared = a.shared && a.write;
        p.shared_anon = is_shared_anon(a);
        if (p.shared_anon) p.status |= kMemfd;   // CRIU 4.2 maps it back from a memfd
        return p;
    }
    p.flags |= MAP_ANONYMOUS;
    if (a.path == "[vsyscall]") { p.status = kVsyscall | kAnonPrivate; return p; }
    p.status = kRegular | kAnonPrivate;
    if (a.path == "[vvar]" || a.path == "[vvar_vclock]") { p.status |= kVvar; return p; }
    if (a.path == "[vdso]") { p.status |= kVdso; p.pages = PagePolicy::Vdso; return p; }
    if (a.path == "[heap]") p.status |= kHeap;
    p.pages = PagePolicy::AnonPrivate;
    return p;
}

}  // namespace

Expected<std::vector<VmaPlan>> plan_vmas(const std::vector<MappedArea>& areas, int pid) {
    std::vector<VmaPlan> out;
    for (const auto& a : areas) {
        if (std::string kind = unsupported_kind(a); !kind.empty())
            return make_error(fmt::format("task {}: memory {:x}-{:x}: {} is not supported by img-dump", pid, a.start, a.end, kind));
        VmaPlan p = plan_one(a);
        bool vvar = (p.status & kVvar) != 0;
        if (vvar && !out.empty() && (out.back().status & kVvar) && out.back().area.end == a.start) {
            out.back().area.end = a.end;   // [vvar] + [vvar_vclock]: one area for CRIU
            continue;
        }
        out.push_back(std::move(p));
    }
    return out;
}

}  // namespace img
