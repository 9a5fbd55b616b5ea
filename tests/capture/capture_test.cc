// The parts of img-dump that need no live task: /proc text recorded from real processes parsed,
// mappings planned as CRIU VMAs, pages chosen from pagemap words, the kernel's restart rules, and
// AUFS branch sets found from mountinfo (with the shared corpus's si_<id> listing).
#include <gtest/gtest.h>

#include <csignal>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include "file_collector.h"
#include "harness/paths.h"
#include "img/rewrite/aufs_branches.h"
#include "page_copy.h"
#include "posix_timers.h"
#include "proc_maps.h"
#include "proc_task.h"
#include "thread_regs.h"
#include "vma_plan.h"

namespace img {
namespace {

// /proc/PID/stat of `sleep 1000` (comm with a space and a ')' to show the parser's rule).
const char* kStat =
    "13181 (sl) eep) S 1 13181 13181 0 -1 4194560 107 0 0 0 0 0 0 0 20 0 1 0 143175 5730304 221 "
    "18446744073709551615 94856903647232 94856903665161 140733151938256 0 0 0 0 0 0 1 0 0 17 1 0 0 0 0 0 "
    "94856903683344 94856903684608 94857466171392 140733151944593 140733151944604 140733151944604 "
    "140733151944681 0\n";

TEST(ProcStat, FieldsAfterTheLastParenthesis) {
    auto s = parse_proc_stat(kStat);
    ASSERT_TRUE(s) << s.error().message();
    EXPECT_EQ(s->state, 'S');
    EXPECT_EQ(s->ppid, 1);
    EXPECT_EQ(s->pgid, 13181);
    EXPECT_EQ(s->sid, 13181);
    EXPECT_EQ(s->flags, 4194560u);
    EXPECT_EQ(s->start_code, 94856903647232u);
    EXPECT_EQ(s->end_code, 94856903665161u);
    EXPECT_EQ(s->start_stack, 140733151938256u);
    EXPECT_EQ(s->start_data, 94856903683344u);
    EXPECT_EQ(s->end_data, 94856903684608u);
    EXPECT_EQ(s->start_brk, 94857466171392u);
    EXPECT_EQ(s->arg_start, 140733151944593u);
    EXPECT_EQ(s->arg_end, 140733151944604u);
    EXPECT_EQ(s->env_start, 140733151944604u);
    EXPECT_EQ(s->env_end, 140733151944681u);
    EXPECT_FALSE(parse_proc_stat("12 (x) S 1 2"));
}

TEST(ProcStatus, CredsCapsUmask) {
    const char* text =
        "Name:\tsleep\nUmask:\t0022\nState:\tS (sleeping)\nUid:\t0\t1\t2\t3\nGid:\t4\t5\t6\t7\n"
        "Groups:\t10 20 \nSigBlk:\t0000000000010000\nCapInh:\t0000000000000000\nCapPrm:\t000001ffffffffff\n"
        "CapEff:\t000001ffffffffff\nCapBnd:\t000001ffffffffff\nCapAmb:\t0000000000000000\nNoNewPrivs:\t1\nSeccomp:\t0\n";
    auto s = parse_proc_status(text);
    ASSERT_TRUE(s) << s.error().message();
    EXPECT_EQ(s->uid, (std::array<uint32_t, 4>{0, 1, 2, 3}));
    EXPECT_EQ(s->gid, (std::array<uint32_t, 4>{4, 5, 6, 7}));
    EXPECT_EQ(s->groups, (std::vector<uint32_t>{10, 20}));
    EXPECT_EQ(s->umask, 022u);
    EXPECT_EQ(s->cap_prm, 0x1ffffffffffu);
    EXPECT_EQ(s->sig_blk, 0x10000u);
    EXPECT_EQ(s->no_new_privs, 1u);
    EXPECT_FALSE(parse_proc_status("Name:\tx\n"));
}

// /proc/PID/timers of a task with a signalling timer and one aimed at a thread.
TEST(PosixTimers, ProcTimersGiveIdClockSignalValueAndWhomToNotify) {
    auto t = parse_proc_timers("ID: 0\nsignal: 12/000000000000007a\nnotify: signal/pid.20737\nClockID: 1\n"
                               "ID: 3\nsignal: 34/00007f00deadbeef\nnotify: signal/tid.20740\nClockID: 0\n",
                               "/proc/1/timers");
    ASSERT_TRUE(t) << t.error().message();
    ASSERT_EQ(t->size(), 2u);
    EXPECT_EQ((*t)[0].id, 0u);
    EXPECT_EQ((*t)[0].clock_id, 1u);
    EXPECT_EQ((*t)[0].signo, 12u);
    EXPECT_EQ((*t)[0].sival, 0x7au);
    EXPECT_EQ((*t)[0].notify, uint32_t(SIGEV_SIGNAL));
    EXPECT_EQ((*t)[1].id, 3u);
    EXPECT_EQ((*t)[1].sival, 0x7f00deadbeefu);
    EXPECT_EQ((*t)[1].notify, uint32_t(SIGEV_SIGNAL | SIGEV_THREAD_ID));
    EXPECT_EQ((*t)[1].notify_tid, 20740);
    auto bad = parse_proc_timers("ID: 0\nsignal: x\n", "/proc/1/timers");
    ASSERT_FALSE(bad);
    EXPECT_EQ(bad.error().message(), "/proc/1/timers: offset 6: unexpected 'signal: x'");
    EXPECT_FALSE(parse_proc_timers("signal: 12/0\n", "t"));   // a field before any ID
}

// smaps of a dynamic program, cut to the lines the planner reads.
const char* kSmaps =
    "555cc366b000-555cc366d000 r--p 00000000 fe:00 1204 /usr/bin/sleep\nVmFlags: rd mr mw me sd\n"
    "555cc3675000-555cc3676000 rw-p 0000a000 fe:00 1204 /usr/bin/sleep\nVmFlags: rd wr mr mw me ac sd\n"
    "555ce4ee4000-555ce4f05000 rw-p 00000000 00:00 0 [heap]\nVmFlags: rd wr mr mw me ac sd\n"
    "7fd4e8379000-7fd4e8380000 r--s 00000000 fe:00 4242 /usr/lib/x86_64-linux-gnu/gconv/gconv-modules.cache\nVmFlags: rd mr me ms sd\n"
    "7fd4e8383000-7fd4e8387000 r--p 00000000 00:00 0 [vvar]\nVmFlags: rd mr pf io de dd sd\n"
    "7fd4e8387000-7fd4e8389000 r--p 00000000 00:00 0 [vvar_vclock]\nVmFlags: rd mr pf io de dd sd\n"
    "7fd4e8389000-7fd4e838b000 r-xp 00000000 00:00 0 [vdso]\nVmFlags: rd ex mr mw me de sd\n"
    "7ffefd859000-7ffefd87a000 rw-p 00000000 00:00 0 [stack]\nVmFlags: rd wr mr mw me gd ac\n"
    "ffffffffff600000-ffffffffff601000 --xp 00000000 00:00 0 [vsyscall]\n";

TEST(VmaPlan, StatusFlagsAndPagePolicyAsCriuKeepsThem) {
    auto areas = parse_proc_maps(kSmaps);
    ASSERT_TRUE(areas) << areas.error().message();
    ASSERT_EQ(areas->size(), 9u);
    EXPECT_EQ((*areas)[3].path, "/usr/lib/x86_64-linux-gnu/gconv/gconv-modules.cache");
    auto plans = plan_vmas(*areas, 1);
    ASSERT_TRUE(plans) << plans.error().message();
    ASSERT_EQ(plans->size(), 8u);   // [vvar] and [vvar_vclock] are one area
    const auto& p = *plans;
    EXPECT_EQ(p[0].status, 0x41u); EXPECT_EQ(p[0].flags, uint32_t(MAP_PRIVATE)); EXPECT_EQ(p[0].pages, PagePolicy::FilePrivate);
    EXPECT_EQ(p[2].status, 0x221u); EXPECT_EQ(p[2].flags, uint32_t(MAP_PRIVATE | MAP_ANONYMOUS)); EXPECT_EQ(p[2].pages, PagePolicy::AnonPrivate);
    EXPECT_EQ(p[3].status, 0x81u); EXPECT_EQ(p[3].flags, uint32_t(MAP_SHARED)); EXPECT_EQ(p[3].pages, PagePolicy::None);
    EXPECT_FALSE(p[3].writable_shared);
    EXPECT_EQ(p[4].status, 0x1201u); EXPECT_EQ(p[4].area.end, 0x7fd4e8389000u); EXPECT_EQ(p[4].madv, 1u << MADV_DONTDUMP);
    EXPECT_EQ(p[5].status, 0x209u); EXPECT_EQ(p[5].pages, PagePolicy::Vdso);
    EXPECT_EQ(p[6].flags, uint32_t(MAP_PRIVATE | MAP_ANONYMOUS | MAP_GROWSDOWN));
    EXPECT_EQ(p[7].status, 0x204u); EXPECT_EQ(p[7].pages, PagePolicy::None);
}

// MAP_SHARED|MAP_ANONYMOUS memory: a mapping of a memfd for CRIU 4.2 (VMA_AREA_MEMFD), no pages of its own.
TEST(VmaPlan, SharedAnonymousMemoryIsAMemfdArea) {
    auto a = parse_proc_maps("7f0000000000-7f0000003000 rw-s 00000000 00:01 628 /dev/zero (deleted)\n");
    ASSERT_TRUE(a) << a.error().message();
    auto p = plan_vmas(*a, 42);
    ASSERT_TRUE(p) << p.error().message();
    ASSERT_EQ(p->size(), 1u);
    EXPECT_TRUE((*p)[0].shared_anon);
    EXPECT_TRUE((*p)[0].file_backed);
    EXPECT_TRUE((*p)[0].writable_shared);
    EXPECT_EQ((*p)[0].status, 0x4081u);   // VMA_AREA_REGULAR | VMA_FILE_SHARED | VMA_AREA_MEMFD
    EXPECT_EQ((*p)[0].flags, uint32_t(MAP_SHARED));
    EXPECT_EQ((*p)[0].pages, PagePolicy::None);
}

TEST(VmaPlan, RefusesWhatItCannotRestoreNamingTheKind) {
    auto refused = [](const char* line) {
        auto a = parse_proc_maps(line);
        if (!a) return std::string("parse: ") + a.error().message();
        auto p = plan_vmas(*a, 42);
        return p ? std::string() : p.error().message();
    };
    EXPECT_NE(refused("7f0000000000-7f0000001000 rw-s 00000000 00:01 5 /SYSV00000000 (deleted)\n").find("System V"), std::string::npos);
    EXPECT_NE(refused("7f0000000000-7f0000001000 rw-s 00000000 00:01 5 /memfd:x (deleted)\n").find("memfd"), std::string::npos);
    EXPECT_NE(refused("7f0000000000-7f0000001000 r--s 00000000 fe:00 5 /tmp/gone (deleted)\n").find("task 42: memory 7f0000000000-7f0000001000: shared mapping of a deleted file"), std::string::npos);
    EXPECT_NE(refused("7f0000000000-7f0000001000 rw-p 00000000 00:05 4 /dev/zero\n").find("private mapping of /dev/zero"), std::string::npos);
    EXPECT_EQ(refused("7f0000000000-7f0000001000 r--p 00000000 fe:00 5 /tmp/gone (deleted)\n"), "");   // a ghost file
    EXPECT_EQ(refused("7f0000000000-7f0000001000 rw-p 00000000 00:00 0 \n"), "");
}

TEST(PageCopy, KeepsOnlyPagesTheTaskOwns) {
    const uint64_t present = 1ull << 63, swapped = 1ull << 62, file = 1ull << 61;
    EXPECT_TRUE(keep_page(PagePolicy::AnonPrivate, present));
    EXPECT_TRUE(keep_page(PagePolicy::AnonPrivate, swapped));
    EXPECT_FALSE(keep_page(PagePolicy::AnonPrivate, 0));
    EXPECT_FALSE(keep_page(PagePolicy::FilePrivate, present | file));   // still the file's page
    EXPECT_TRUE(keep_page(PagePolicy::FilePrivate, present));           // copied on write
    EXPECT_TRUE(keep_page(PagePolicy::Vdso, present | file));
    EXPECT_TRUE(keep_page(PagePolicy::Vdso, 0));   // a forked child's vDSO it never called into
    EXPECT_FALSE(keep_page(PagePolicy::None, present));
    VmaPlan anon;
    anon.area.start = 0x10000;
    anon.pages = PagePolicy::AnonPrivate;
    std::vector<PageRun> runs;
    add_page_runs(anon, {present, present, 0, swapped, present}, runs);
    ASSERT_EQ(runs.size(), 2u);
    EXPECT_EQ(runs[0].vaddr, 0x10000u); EXPECT_EQ(runs[0].nr_pages, 2u); EXPECT_EQ(runs[0].flags, 6u);
    EXPECT_EQ(runs[1].vaddr, 0x13000u); EXPECT_EQ(runs[1].nr_pages, 2u);
    VmaPlan vdso = anon;
    vdso.area.start = 0x15000;
    vdso.pages = PagePolicy::Vdso;
    add_page_runs(vdso, {present}, runs);   // adjacent, other flags: a run of its own
    ASSERT_EQ(runs.size(), 3u);
    EXPECT_EQ(runs[2].flags, 4u);
}

TEST(ThreadRegs, RestartRulesOfAnInterruptedCall) {
    user_regs_struct r{};
    r.orig_rax = 230;                 // clock_nanosleep
    r.rax = uint64_t(-516);           // -ERESTART_RESTARTBLOCK
    r.rip = 0x1002;
    auto resume = resume_regs(r);
    EXPECT_EQ(resume.rax, 219u);      // restart_syscall, the kernel keeps the restart block
    EXPECT_EQ(resume.rip, 0x1000u);
    EXPECT_EQ(resume.orig_rax, uint64_t(-1));
    auto image = image_regs(r);
    EXPECT_EQ(image.rax, uint64_t(-4));   // EINTR: a restore has no restart block
    EXPECT_EQ(image.rip, 0x1002u);
    r.orig_rax = 34;                  // pause
    r.rax = uint64_t(-514);           // -ERESTARTNOHAND
    EXPECT_EQ(image_regs(r).rax, 34u);
    EXPECT_EQ(image_regs(r).rip, 0x1000u);
    r.orig_rax = uint64_t(-1);        // not in a call: unchanged
    r.rax = 7;
    EXPECT_EQ(resume_regs(r).rax, 7u);
    EXPECT_EQ(resume_regs(r).rip, 0x1002u);
}

TEST(FileCollector, UnsupportedKindsAreNamed) {
    EXPECT_EQ(unsupported_fd_kind("/srv/a.txt", S_IFREG | 0644, 0), "");
    EXPECT_EQ(unsupported_fd_kind("pipe:[123]", S_IFIFO | 0600, 0), "");
    EXPECT_EQ(unsupported_fd_kind("socket:[77]", S_IFSOCK | 0777, 0), "");   // looked at with sock_diag
    EXPECT_EQ(unsupported_fd_kind("/run/x.sock", S_IFSOCK | 0777, 0), "socket");
    EXPECT_EQ(unsupported_fd_kind("anon_inode:[eventfd]", 0600, 0), "");   // captured from fdinfo
    EXPECT_EQ(unsupported_fd_kind("anon_inode:[signalfd]", 0600, 0), "[signalfd]");
    EXPECT_EQ(unsupported_fd_kind("/dev/pts/3", S_IFCHR | 0620, makedev(136, 3)), "tty");
    EXPECT_EQ(unsupported_fd_kind("/dev/null", S_IFCHR | 0666, makedev(1, 3)), "");
    EXPECT_EQ(unsupported_fd_kind("/memfd:x (deleted)", S_IFREG | 0600, 0), "");   // kept with its contents
}

// Two unions seen by one task: each mount's branches map to that mount's own mount point.
TEST(AufsBranches, EachUnionMapsToItsMountPoint) {
    auto shared = test::shared_dir();
    if (!shared) GTEST_SKIP() << test::shared_missing_reason();
    test::TempDir sys;
    ::mkdir(sys.file("si_a1").c_str(), 0755);
    ::mkdir(sys.file("si_b2").c_str(), 0755);
    std::string si = *shared + "/criu-images/aufs-container.si/";
    test::spit(sys.file("si_a1/br0"), test::slurp(si + "br0"));
    test::spit(sys.file("si_a1/br1"), test::slurp(si + "br1"));
    test::spit(sys.file("si_b2/br0"), "/var/lib/other/rw=rw\n");
    std::string mountinfo =
        "62 1 0:40 / / rw,relatime - aufs none rw,si=a1,dio\n"
        "63 62 0:5 / /proc rw - proc proc rw\n"
        "70 62 0:41 / /mnt/second\\040union rw - aufs none rw,si=b2\n";
    BranchMap map;
    auto r = add_aufs_branches_from_mountinfo(map, mountinfo, sys.path());
    ASSERT_TRUE(r) << r.error().message();
    EXPECT_EQ(map.apply("/var/lib/docker/aufs/diff/b991bd3c466f7cbd91bdb2ab8a1c2864fc0b2a143d9352c8af3f549d95af4d6f/app/bin/relapp"),
              "/app/bin/relapp");
    EXPECT_EQ(map.apply("/var/lib/docker/aufs/diff/f1506dd469fd4903f852901b3e58e3f14d5be0b2aee9c3b0bffaef993985b54a/app/data/log.txt"),
              "/app/data/log.txt");
    EXPECT_EQ(map.apply("/var/lib/other/rw/x"), "/mnt/second union/x");
    BranchMap none;
    EXPECT_FALSE(add_aufs_branches_from_mountinfo(none, "63 62 0:5 / /proc rw - proc proc rw\n", sys.path()));
}

}  // namespace
}  // namespace img
