// img-coredump's library: the cores of real captures read back with the tests' own ELF reader
// (tests/coredump/elf_core_reader.h): header, notes in Linux's order with the dump's registers,
// ids, arguments, auxv and mapped files, the xsave area gdb expects, one PT_LOAD per VMA whose
// bytes are the dump's pages, absent pages never written; the parent chain; a cut pages file.
#include <gtest/gtest.h>

#include "harness/schema.h"   // before any image header: undoes <signal.h>'s sigmask macro

#include <fcntl.h>
#include <unistd.h>

#include <filesystem>

#include <nlohmann/json.hpp>

#include "coredump/elf_core_reader.h"
#include "harness/dir_snapshot.h"
#include "harness/paths.h"
#include "img/coredump/coredump.h"
#include "img/coredump/coredump_writer.h"
#include "img/coredump/x86_thread_state.h"
#include "img/model/process_memory.h"
#include "img/output/json_writer.h"
#include "memory/synthetic_dump.h"

namespace {

using img::test::ElfCoreReader;
using img::test::le;
using img::test::TempDir;

const std::string kSleep = img::test::captured_dir() + "/sleep";
constexpr uint32_t kSleepPid = 13181;

struct Written {
    std::unique_ptr<img::Checkpoint> dump;
    img::CoredumpReport report;
};

Written write_all(const std::string& dir, const std::string& out, std::optional<uint32_t> pid = std::nullopt) {
    Written w;
    auto d = img::Checkpoint::open(dir);
    EXPECT_TRUE(d.ok()) << d.error().message();
    if (!d) return w;
    w.dump = std::move(*d);
    img::CoredumpOptions o;
    o.out_dir = out;
    o.pid = pid;
    auto rep = img::write_cores(*w.dump, o);
    EXPECT_TRUE(rep.ok()) << rep.error().message();
    if (rep) w.report = std::move(*rep);
    return w;
}

std::vector<uint32_t> note_types(const ElfCoreReader& core) {
    std::vector<uint32_t> t;
    for (const auto& n : core.notes()) t.push_back(n.type);
    return t;
}

TEST(Coredump, SleepCoreHasLinuxsNotesWithTheDumpsValues) {
    TempDir out;
    auto w = write_all(kSleep, out.path());
    ASSERT_EQ(w.report.tasks.size(), 1u);
    ASSERT_FALSE(w.report.tasks[0].error) << w.report.tasks[0].error->message();
    ElfCoreReader core(img::test::slurp(out.file("core.13181")));
    ASSERT_EQ(core.bytes.substr(0, 4), "\x7f" "ELF");
    EXPECT_EQ(core.bytes[4], 2);                      // ELFCLASS64
    EXPECT_EQ(le<uint16_t>(core.bytes, 16), 4);       // ET_CORE
    EXPECT_EQ(le<uint16_t>(core.bytes, 18), 62);      // EM_X86_64
    using namespace img;
    EXPECT_EQ(note_types(core), (std::vector<uint32_t>{kNtPrstatus, kNtPrpsinfo, kNtAuxv, kNtFile, kNtFpregset,
                                                       kNtX86Xstate, kNtCimgAbsent}));
    auto notes = core.notes();
    const auto* c = *w.dump->core(kSleepPid);
    const auto& regs = c->thread_info().gpregs();
    ASSERT_EQ(notes[0].desc.size(), 336u);
    EXPECT_EQ(le<uint32_t>(notes[0].desc, 32), kSleepPid);              // pr_pid
    EXPECT_EQ(le<uint64_t>(notes[0].desc, 112 + 16 * 8), regs.ip());   // pr_reg: rip
    EXPECT_EQ(le<uint64_t>(notes[0].desc, 112 + 19 * 8), regs.sp());
    ASSERT_EQ(notes[1].desc.size(), 136u);
    EXPECT_EQ(notes[1].desc.substr(40, 5), "sleep");                    // pr_fname
    EXPECT_EQ(std::string(notes[1].desc.substr(56).c_str()), "sleep 1000");   // pr_psargs, from the stack
    const auto* mm = *w.dump->mm(kSleepPid);
    EXPECT_EQ(le<uint64_t>(notes[2].desc, 0), mm->mm_saved_auxv(0));
    EXPECT_EQ(notes[2].desc.substr(notes[2].desc.size() - 16), std::string(16, '\0'));   // AT_NULL ends it
    EXPECT_EQ(le<uint64_t>(notes[3].desc, 0), w.report.tasks[0].file_mappings);
    EXPECT_NE(notes[3].desc.find("/usr/bin/sleep"), std::string::npos);
    EXPECT_EQ(notes[4].desc.size(), 512u);
    const auto& fp = c->thread_info().fpregs();
    EXPECT_EQ(notes[5].desc.size(), xstate_size(xcr0_of(fp)));
    EXPECT_EQ(le<uint64_t>(notes[5].desc, 464), xcr0_of(fp));          // where gdb reads XCR0
    EXPECT_EQ(notes[5].owner, "LINUX");
}

TEST(Coredump, XstateSizeFollowsTheComponentsAsGdbDoes) {
    EXPECT_EQ(img::xstate_size(0x3), 576u);
    EXPECT_EQ(img::xstate_size(0x7), 832u);
    EXPECT_EQ(img::xstate_size(0x1f), 1088u);
    EXPECT_EQ(img::xstate_size(0xe7), 2688u);
    EXPECT_EQ(img::xstate_size(0x2e7), 2696u);
    auto d = img::Checkpoint::open(kSleep);
    ASSERT_TRUE(d.ok());
    // The capturing CPU had AVX-512 and no protection keys: XCR0 0xe7, as gcore writes it there.
    EXPECT_EQ(img::xcr0_of((*(*d)->core(kSleepPid))->thread_info().fpregs()), 0xe7u);
}

// Every byte the dump holds is in the core at its segment's offset; everything else is listed
// absent and, inside p_filesz, is a hole of the file.
void expect_pages_match(const std::string& dir, uint32_t pid, const std::string& core_path) {
    auto d = img::Checkpoint::open(dir);
    ASSERT_TRUE(d.ok());
    auto mem = img::ProcessMemory::open(**d, pid);
    ASSERT_TRUE(mem.ok());
    ElfCoreReader core(img::test::slurp(core_path));
    auto loads = core.loads();
    ASSERT_EQ(loads.size(), mem->regions().size());
    uint64_t memsz = 0, present = 0;
    for (size_t i = 0; i < loads.size(); ++i) {
        EXPECT_EQ(loads[i].vaddr, mem->regions()[i].start);
        EXPECT_EQ(loads[i].memsz, mem->regions()[i].end - mem->regions()[i].start);
        memsz += loads[i].memsz;
    }
    auto ok = mem->for_each_present([&](uint64_t a, img::Bytes b, const img::ProcessMemory::Region& r) {
        const auto& p = loads[static_cast<size_t>(&r - mem->regions().data())];
        EXPECT_LE(a + b.size(), p.vaddr + p.filesz);
        EXPECT_EQ(core.bytes.compare(p.offset + (a - p.vaddr), b.size(), reinterpret_cast<const char*>(b.data()), b.size()), 0)
            << std::hex << a;
        present += b.size();
        return true;
    });
    ASSERT_TRUE(ok.ok());
    auto notes = core.notes();
    const std::string& absent = notes.back().desc;
    ASSERT_EQ(notes.back().owner, "CRIU-IMG");
    uint64_t n = le<uint64_t>(absent, 0), absent_bytes = 0;
    int fd = ::open(core_path.c_str(), O_RDONLY);
    for (uint64_t i = 0; i < n; ++i) {
        uint64_t s = le<uint64_t>(absent, 8 + i * 24), e = le<uint64_t>(absent, 16 + i * 24);
        absent_bytes += e - s;
        for (const auto& p : loads)   // inside p_filesz: a hole (where the file system keeps holes)
            if (s >= p.vaddr && s < p.vaddr + p.filesz && e - s >= 65536) {
                off_t at = static_cast<off_t>(p.offset + (s - p.vaddr));
                EXPECT_GE(::lseek(fd, at, SEEK_DATA), at + static_cast<off_t>(e - s) - 4096) << std::hex << s;
            }
    }
    ::close(fd);
    EXPECT_EQ(present + absent_bytes, memsz);
}

TEST(Coredump, SegmentsHoldTheDumpsPagesAndNothingElse) {
    TempDir out;
    auto w = write_all(kSleep, out.path());
    ASSERT_EQ(w.report.tasks.size(), 1u);
    EXPECT_EQ(w.report.tasks[0].file.segments, w.report.tasks[0].file.segments);
    expect_pages_match(kSleep, kSleepPid, out.file("core.13181"));
    EXPECT_GT(w.report.tasks[0].file.absent.size(), 0u);
}

TEST(Coredump, ParentChainPagesComeFromTheParentDump) {
    img::test::SyntheticDump d;
    img::test::spit(d.dir + "/core-100.img", img::test::slurp(kSleep + "/core-13181.img"));
    TempDir out;
    auto w = write_all(d.dir, out.path());
    ASSERT_EQ(w.report.tasks.size(), 1u);
    ASSERT_FALSE(w.report.tasks[0].error) << w.report.tasks[0].error->message();
    expect_pages_match(d.dir, 100, out.file("core.100"));
    ElfCoreReader core(img::test::slurp(out.file("core.100")));
    uint64_t parent_pages = 0;
    for (const auto& p : core.loads())
        for (uint64_t a = p.vaddr; a < p.vaddr + p.filesz; a += 4096) {
            auto o = img::test::SyntheticDump::origin(a);
            if (!o) continue;
            parent_pages += o->file == 'P';
            EXPECT_EQ(core.bytes.substr(p.offset + (a - p.vaddr), 4096), d.bytes(a, 4096)) << std::hex << a;
        }
    EXPECT_GT(parent_pages, 0u);
    bool listed = false;   // 0x17000: the parent has a page there, the child no entry: absent
    for (const auto& a : w.report.tasks[0].file.absent) listed |= a.start <= 0x17000 && a.end > 0x17000;
    EXPECT_TRUE(listed);
}

TEST(Coredump, CutPagesFileFailsTheTaskAndLeavesNoFile) {
    TempDir tmp, out;
    img::test::copy_dump(kSleep, tmp.file("d"));
    std::string pages = img::test::slurp(tmp.file("d/pages-1.img"));
    img::test::spit(tmp.file("d/pages-1.img"), pages.substr(0, pages.size() / 2));
    auto w = write_all(tmp.file("d"), out.path());
    ASSERT_EQ(w.report.tasks.size(), 1u);
    ASSERT_TRUE(w.report.tasks[0].error);
    EXPECT_NE(w.report.tasks[0].error->message().find("pages-1.img"), std::string::npos) << w.report.tasks[0].error->message();
    EXPECT_FALSE(w.report.ok());
    EXPECT_TRUE(std::filesystem::is_empty(out.path()));   // no core, no temporary
}

TEST(Coredump, JsonSaysWhatEachCoreHolds) {
    TempDir out;
    auto w = write_all(kSleep, out.path());
    img::JsonWriter jw(nullptr);
    img::write(w.report, jw);
    auto j = nlohmann::json::parse(jw.str());
    EXPECT_TRUE(j["ok"].get<bool>());
    ASSERT_EQ(j["cores"].size(), 1u);
    const auto& c = j["cores"][0];
    EXPECT_EQ(c["pid"], kSleepPid);
    EXPECT_EQ(c["core"], out.file("core.13181"));
    EXPECT_EQ(c["args"], "sleep 1000");
    EXPECT_EQ(c["data_bytes"], 30u * 4096);   // the 30 pages of pages-1.img
    ASSERT_FALSE(c["absent"].empty());
    EXPECT_TRUE(c["absent"][0].contains("backing"));
}

TEST(Coredump, RootPutsTheMappedFilesUnderIt) {
    auto d = img::Checkpoint::open(kSleep);
    ASSERT_TRUE(d.ok());
    TempDir out;
    img::CoredumpOptions o;
    o.out_dir = out.path();
    o.root = "/srv/root/";
    auto r = img::write_cores(**d, o);
    ASSERT_TRUE(r.ok());
    ElfCoreReader core(img::test::slurp(out.file("core.13181")));
    auto notes = core.notes();
    ASSERT_EQ(notes[3].type, img::kNtFile);
    EXPECT_NE(notes[3].desc.find(std::string("/srv/root/usr/bin/sleep\0", 24)), std::string::npos);
    EXPECT_EQ(notes[3].desc.find(std::string("\0/usr/bin/sleep", 16)), std::string::npos);
}

TEST(Coredump, AMissingOutputDirIsMadeAFileInItsPlaceAndAnUnknownPidAreErrors) {
    auto d = img::Checkpoint::open(kSleep);
    ASSERT_TRUE(d.ok());
    TempDir out;
    img::CoredumpOptions o;
    o.pid = 1;
    o.out_dir = out.path() + "/not/yet";
    EXPECT_FALSE(img::write_cores(**d, o).ok());
    EXPECT_FALSE(std::filesystem::exists(o.out_dir)) << "an unknown pid made the output directory";
    o.pid.reset();
    auto made = img::write_cores(**d, o);
    ASSERT_TRUE(made.ok()) << made.error().message();
    EXPECT_TRUE(std::filesystem::exists(o.out_dir + "/core.13181"));
    img::test::spit(out.path() + "/file", "x");
    o.out_dir = out.path() + "/file";
    auto r = img::write_cores(**d, o);
    ASSERT_FALSE(r.ok());
    EXPECT_NE(r.error().message().find("not a directory"), std::string::npos);
    EXPECT_NE(r.error().message().find(out.path() + "/file"), std::string::npos);
}

}  // namespace
