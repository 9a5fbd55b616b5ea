#include "memory/synthetic_dump.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cstring>

#include <gtest/gtest.h>

namespace img::test {

namespace {

uint64_t splitmix(uint64_t x) {
    x += 0x9e3779b97f4a7c15ull;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
    return x ^ (x >> 31);
}

std::string fill(char file, uint64_t pages) {
    std::string s(pages * SyntheticDump::kPage, '\0');
    for (uint64_t w = 0; w < s.size() / 8; ++w) {
        uint64_t v = splitmix((static_cast<uint64_t>(file) << 40) ^ w);
        std::memcpy(s.data() + w * 8, &v, 8);
    }
    return s;
}

}  // namespace

std::optional<SyntheticDump::Origin> SyntheticDump::origin(uint64_t addr) {
    if (addr < 0x10000 || addr >= 0x1a000) return std::nullopt;
    uint64_t page = (addr - 0x10000) / kPage;   // 0..9
    switch (page) {
    case 0: case 1: return Origin{'C', page};
    case 2: case 3: case 4: return Origin{'P', page};
    case 5: return Origin{'C', 2};
    case 6: return Origin{'P', 6};
    case 7: return std::nullopt;
    case 8: return Origin{'C', 3};
    default: return Origin{'C', 4};
    }
}

uint8_t SyntheticDump::byte_at(uint64_t addr) const {
    auto o = origin(addr);
    EXPECT_TRUE(o.has_value()) << std::hex << addr;
    if (!o) return 0;
    const std::string& f = o->file == 'C' ? child_pages : parent_pages;
    return static_cast<uint8_t>(f[o->page * kPage + addr % kPage]);
}

std::string SyntheticDump::bytes(uint64_t addr, uint64_t len) const {
    std::string s;
    for (uint64_t i = 0; i < len; ++i) s.push_back(static_cast<char>(byte_at(addr + i)));
    return s;
}

SyntheticDump::SyntheticDump() {
    dir = tmp.file("dump");
    parent = tmp.file("dump.parent");
    EXPECT_EQ(::mkdir(dir.c_str(), 0755), 0);
    EXPECT_EQ(::mkdir(parent.c_str(), 0755), 0);
    for (const char* name : {"pstree.img", "mm-100.img", "pagemap-100.img"})
        spit(dir + "/" + name, gen_image(std::string("memory/") + name));
    spit(parent + "/pagemap-100.img", gen_image("memory/parent/pagemap-100.img"));
    spit(parent + "/pstree.img", gen_image("memory/pstree.img"));
    spit(parent + "/mm-100.img", gen_image("memory/mm-100.img"));
    EXPECT_EQ(::symlink("../dump.parent", (dir + "/parent").c_str()), 0);

    child_pages = fill('C', 5);
    parent_pages = fill('P', 10);
    // A marker across the child->parent boundary at 0x12000 (child page 1 | parent page 2) and
    // one across parent->child at 0x15000 (parent page 4 | child page 2).
    auto plant = [](std::string& f, uint64_t off, const std::string& s) { f.replace(off, s.size(), s); };
    plant(child_pages, 2 * kPage - 6, "#id=12");
    plant(parent_pages, 2 * kPage, "3456#");
    plant(parent_pages, 5 * kPage - 3, "#id");
    plant(child_pages, 2 * kPage, "=77#");
    spit(dir + "/pages-2.img", child_pages);
    spit(parent + "/pages-1.img", parent_pages);
}

}  // namespace img::test
