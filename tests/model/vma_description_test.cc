// A task's memory areas as crit x mems names them (img/model/vma_description.h, address_range.h,
// page_count.h), on the `sleep` capture of testdata/captured (task 13181, /usr/bin/sleep).
#include <gtest/gtest.h>

#include "model/model_test_util.h"

#include <map>
#include <string>

#include "img/model/address_range.h"
#include "img/model/page_count.h"
#include "img/model/vma_description.h"

namespace {

using namespace img;
using namespace img::test;

constexpr uint32_t kSleep = 13181;

// start -> description of every VMA of the sleep task.
std::map<uint64_t, std::string> descriptions(Checkpoint& d) {
    std::map<uint64_t, std::string> m;
    auto mm = d.mm(kSleep);
    EXPECT_TRUE(mm.ok() && *mm);
    if (!mm.ok() || !*mm) return m;
    for (const auto& v : (*mm)->vmas()) m[v.start()] = vma_description(d, **mm, v);
    return m;
}

TEST(VmaDescription, FilesWithOffsetsSharedMappingsAndKernelAreas) {
    auto d = open_captured("sleep");
    ASSERT_TRUE(d);
    auto m = descriptions(*d);
    EXPECT_EQ(m[0x555cc366b000], "/usr/bin/sleep");
    EXPECT_EQ(m[0x555cc366d000], "/usr/bin/sleep + 0x2000");
    EXPECT_EQ(m[0x555ce4ee4000], "[heap]");
    EXPECT_EQ(m[0x7fd4e81ba000], "/usr/lib/x86_64-linux-gnu/libc.so.6 + 0x26000");
    EXPECT_EQ(m[0x7fd4e8379000], "/usr/lib/x86_64-linux-gnu/gconv/gconv-modules.cache (s)");
    EXPECT_EQ(m[0x7fd4e8191000], "") << "plain anonymous memory has no name";
    EXPECT_EQ(m[0x7fd4e8389000], "[vdso]");
    EXPECT_EQ(m[0x7ffefd859000], "[stack]");
    EXPECT_EQ(m[0xffffffffff600000], "[vsyscall] *") << "not a regular VMA: marked";
}

TEST(VmaDescription, AppendsToWhatIsThere) {
    auto d = open_captured("sleep");
    ASSERT_TRUE(d);
    auto mm = d->mm(kSleep);
    ASSERT_TRUE(mm.ok() && *mm);
    std::string s = "x ";
    append_vma_description(s, *d, **mm, (*mm)->vmas(0));
    EXPECT_EQ(s, "x /usr/bin/sleep");
}

TEST(AddressRange, AtLeastEightHexDigits) {
    EXPECT_EQ(address_range(0x555cc366b000, 0x555cc366d000), "555cc366b000-555cc366d000");
    EXPECT_EQ(address_range(0x1000, 0x2000), "00001000-00002000");
    EXPECT_EQ(address_range(0, 0xffffffffffffffff), "00000000-ffffffffffffffff");
    EXPECT_EQ(address_text(0xabc), "00000abc");
    std::string s = "at ";
    append_address_range(s, 0x10, 0x20);
    EXPECT_EQ(s, "at 00000010-00000020");
}

TEST(ProtString, ReadWriteExecute) {
    EXPECT_EQ(prot_string(0), "---");
    EXPECT_EQ(prot_string(1), "r--");
    EXPECT_EQ(prot_string(3), "rw-");
    EXPECT_EQ(prot_string(5), "r-x");
    EXPECT_EQ(prot_string(4), "--x");
}

TEST(CountPages, ResidentPagesOfVmasAsTheMemsViewShowsThem) {
    auto d = open_captured("sleep");
    ASSERT_TRUE(d);
    auto pm = d->pagemap(kSleep);
    ASSERT_TRUE(pm.ok() && *pm) << (pm.ok() ? "no pagemap" : pm.error().message());
    EXPECT_EQ(count_pages(**pm, 0x555ce4ee4000, 0x555ce4f05000), 4u) << "[heap]";
    EXPECT_EQ(count_pages(**pm, 0x7ffefd859000, 0x7ffefd87a000), 3u) << "[stack]";
    EXPECT_EQ(count_pages(**pm, 0x555cc366b000, 0x555cc366d000), 0u) << "a file's pages not dumped";
    EXPECT_EQ(count_pages(**pm, 0x555cc366d000, 0x555cc3676000), 3u) << "across three VMAs";
    EXPECT_EQ(count_pages(**pm, 0x555ce4ee4000, 0x555ce4ee4000), 0u) << "an empty range";
}

}  // namespace
