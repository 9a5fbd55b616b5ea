// The kind table: names, file-name patterns, and that every message type and
// every rendering hint it leads to exists in our compiled schema.
#include <gtest/gtest.h>

#include <google/protobuf/descriptor.h>

#include <set>
#include <string>

#include "img/io/image_kind.h"
#include "img/schema/schema_hints.h"
#include "harness/schema.h"

namespace {

namespace gp = google::protobuf;

std::string_view kind_of(std::string_view file) {
    const img::ImageKind* k = img::kind_by_file_name(file);
    return k ? k->name : "<none>";
}

TEST(KindByFileName, ProtobufImages) {
    EXPECT_EQ(kind_of("inventory.img"), "INVENTORY");
    EXPECT_EQ(kind_of("core-13181.img"), "CORE");
    EXPECT_EQ(kind_of("pagemap-13181.img"), "PAGEMAP");
    EXPECT_EQ(kind_of("pagemap-shmem-12.img"), "PAGEMAP");
    EXPECT_EQ(kind_of("ghost-file-1a.img"), "GHOST_FILE") << "ghost ids are hex";
    EXPECT_EQ(kind_of("tcp-stream-3f2.img"), "TCP_STREAM");
    EXPECT_EQ(kind_of("stats-dump"), "STATS");
    EXPECT_EQ(kind_of("stats-restore"), "STATS");
    EXPECT_EQ(kind_of("stats-dump.img"), "STATS");
    EXPECT_EQ(kind_of("ipcns-var-11.img"), "IPC_VAR");
    EXPECT_EQ(kind_of("ipcns-shm-11.img"), "IPCNS_SHM");
    EXPECT_EQ(kind_of("signal-p-5.img"), "SIGNAL");
    EXPECT_EQ(kind_of("binfmt-misc.img"), "BINFMT_MISC");
    EXPECT_EQ(kind_of("irmap-cache.img"), "IRMAP_CACHE");
}

TEST(KindByFileName, RawImages) {
    const img::ImageKind* pages = img::kind_by_file_name("pages-3.img");
    ASSERT_NE(pages, nullptr);
    EXPECT_EQ(pages->header, img::HeaderClass::Raw);
    EXPECT_EQ(pages->magic, 0u);
    const img::ImageKind* tmpfs = img::kind_by_file_name("tmpfs-dev-12.tar.gz");
    ASSERT_NE(tmpfs, nullptr);
    EXPECT_EQ(tmpfs->header, img::HeaderClass::Raw);
    EXPECT_EQ(kind_of("tmpfs-dev-12.tar.gz"), "tmpfs tarball");
    EXPECT_EQ(kind_of("route6-3.img"), "netlink dump");
    EXPECT_EQ(kind_of("ip6tables-3.img"), "iptables");
}

TEST(KindByFileName, NonMatches) {
    EXPECT_EQ(img::kind_by_file_name("core-.img"), nullptr) << "the key may not be empty";
    EXPECT_EQ(img::kind_by_file_name("core-12x.img"), nullptr);
    EXPECT_EQ(img::kind_by_file_name("core-12.img.bak"), nullptr);
    EXPECT_EQ(img::kind_by_file_name("README.md"), nullptr);
    EXPECT_EQ(img::kind_by_file_name(""), nullptr);
}

TEST(KindByMagic, LooksUpProtobufKindsOnly) {
    ASSERT_NE(img::kind_by_magic(0x56303138), nullptr);
    EXPECT_EQ(img::kind_by_magic(0x56303138)->name, "FILES");
    EXPECT_EQ(img::kind_by_magic(0), nullptr) << "0 marks raw kinds and is not a magic";
    EXPECT_EQ(img::kind_by_magic(img::kImgCommonMagic), nullptr);
    EXPECT_EQ(img::kind_by_magic(img::kImgServiceMagic), nullptr);
    EXPECT_EQ(img::kind_by_magic(0x12345678), nullptr);
}

TEST(KindByName, AliasesCritFolds) {
    ASSERT_NE(img::kind_by_name("SHMEM_PAGEMAP"), nullptr);
    EXPECT_EQ(img::kind_by_name("SHMEM_PAGEMAP")->name, "PAGEMAP");
    EXPECT_EQ(img::kind_by_name("PAGES_OLD")->name, "PAGEMAP");
    EXPECT_EQ(img::kind_by_name("PSIGNAL")->name, "SIGNAL");
    EXPECT_EQ(img::kind_by_name("BINFMT_MISC_OLD")->name, "BINFMT_MISC");
    EXPECT_EQ(img::kind_by_name("NOPE"), nullptr);
}

TEST(ImageKinds, TableIsConsistent) {
    std::set<std::string_view> names;
    std::set<uint32_t> magics;
    for (const auto& k : img::image_kinds()) {
        SCOPED_TRACE(std::string(k.name));
        EXPECT_TRUE(names.insert(k.name).second) << "duplicate name";
        EXPECT_FALSE(k.patterns.empty());
        if (k.header == img::HeaderClass::Raw) {
            EXPECT_EQ(k.magic, 0u);
            EXPECT_TRUE(k.message.empty());
            EXPECT_EQ(k.payload, img::PayloadRule::None);
            continue;
        }
        EXPECT_NE(k.magic, 0u);
        EXPECT_TRUE(magics.insert(k.magic).second) << "duplicate magic";
        EXPECT_EQ(img::kind_by_magic(k.magic), &k);
        EXPECT_EQ(img::kind_by_name(k.name), &k);
        EXPECT_EQ(k.header == img::HeaderClass::Service, k.status == img::KindStatus::Service);
    }
    EXPECT_GE(magics.size(), 60u) << "every CRIU magic of the format reference has a row";
}

TEST(ImageKinds, EveryPatternLeadsBackToItsKind) {
    for (const auto& k : img::image_kinds()) {
        std::string_view pats = k.patterns;
        while (!pats.empty()) {
            size_t semi = pats.find(';');
            std::string p(pats.substr(0, semi));
            if (size_t star = p.find('*'); star != std::string::npos) p.replace(star, 1, "1a");
            EXPECT_EQ(img::kind_by_file_name(p), &k) << p;
            if (semi == std::string_view::npos) break;
            pats.remove_prefix(semi + 1);
        }
    }
}

TEST(ImageKinds, EveryMessageTypeResolves) {
    for (const auto& k : img::image_kinds()) {
        if (k.header == img::HeaderClass::Raw) continue;
        EXPECT_NE(img::find_message_type(k.message), nullptr) << k.name << ": " << k.message;
        if (!k.first_message.empty()) {
            EXPECT_NE(img::find_message_type(k.first_message), nullptr) << k.name << ": " << k.first_message;
        }
        auto m = img::new_message(img::find_message_type(k.message));
        EXPECT_NE(m, nullptr) << k.name;
    }
    // Types the reader names on its own.
    EXPECT_NE(img::find_message_type("cimg.GhostChunkEntry"), nullptr);
    EXPECT_NE(img::find_message_type("cimg.IpcMsg"), nullptr);
    EXPECT_EQ(img::find_message_type("cimg.NoSuchEntry"), nullptr);
    EXPECT_EQ(img::new_message(nullptr), nullptr);
}

// Walks every message type reachable from the kind table (and every message
// declared in the same .proto files) and checks each Render hint naming an
// enum resolves to one.
class HintWalker {
public:
    void message(const gp::Descriptor* d) {
        if (!d || !seen_.insert(d).second) return;
        files_.insert(d->file());
        for (int i = 0; i < d->nested_type_count(); ++i) message(d->nested_type(i));
        for (int i = 0; i < d->field_count(); ++i) {
            const gp::FieldDescriptor* f = d->field(i);
            ++fields_;
            const cimg::Render& r = f->options().GetExtension(cimg::r);
            const img::FieldHints& h = img::hints_for(f);
            std::string where = f->full_name();
            if (!r.flags().empty()) { ++named_; EXPECT_NE(h.flags, nullptr) << where << " flags=" << r.flags(); }
            if (!r.dict().empty()) { ++named_; EXPECT_NE(h.dict, nullptr) << where << " dict=" << r.dict(); }
            if (!r.enum_type().empty()) {
                ++named_;
                EXPECT_NE(h.enum_type, nullptr) << where << " enum_type=" << r.enum_type();
                EXPECT_EQ(f->cpp_type(), gp::FieldDescriptor::CPPTYPE_UINT32) << where << ": enums are uint32 on the wire";
            }
            if (r.flags().empty()) { EXPECT_EQ(h.flags, nullptr) << where; }
            if (r.dict().empty()) { EXPECT_EQ(h.dict, nullptr) << where; }
            if (r.enum_type().empty()) { EXPECT_EQ(h.enum_type, nullptr) << where; }
            EXPECT_EQ(h.hex, r.hex()) << where;
            EXPECT_EQ(h.dev, r.dev()) << where;
            EXPECT_EQ(h.unix_name, r.conv() == "unix_name") << where;
            if (!r.conv().empty()) { EXPECT_EQ(r.conv(), "unix_name") << where << ": unknown conv"; }
            if (r.odev()) { EXPECT_TRUE(r.dev()) << where << ": odev only makes sense with dev"; }
            if (r.ipadd()) { EXPECT_TRUE(f->is_repeated() && f->cpp_type() == gp::FieldDescriptor::CPPTYPE_UINT32) << where; }
            if (f->cpp_type() == gp::FieldDescriptor::CPPTYPE_MESSAGE) message(f->message_type());
        }
    }
    void whole_files() {
        std::set<const gp::FileDescriptor*> files = files_;
        for (const auto* file : files)
            for (int i = 0; i < file->message_type_count(); ++i) message(file->message_type(i));
    }
    size_t types() const { return seen_.size(); }
    size_t fields() const { return fields_; }
    size_t named() const { return named_; }

private:
    std::set<const gp::Descriptor*> seen_;
    std::set<const gp::FileDescriptor*> files_;
    size_t fields_ = 0, named_ = 0;
};

TEST(ImageKinds, EveryRenderHintNamingAnEnumResolves) {
    HintWalker w;
    for (const auto& k : img::image_kinds()) {
        if (k.header == img::HeaderClass::Raw) continue;
        w.message(img::find_message_type(k.message));
        if (!k.first_message.empty()) w.message(img::find_message_type(k.first_message));
    }
    w.message(img::find_message_type("cimg.GhostChunkEntry"));
    w.message(img::find_message_type("cimg.IpcMsg"));
    w.whole_files();
    EXPECT_GT(w.types(), 150u);
    EXPECT_GT(w.fields(), 800u);
    EXPECT_GT(w.named(), 20u) << "the schema should name flag, dict and enum tables";
}

TEST(SchemaHints, KnownFieldsCarryTheirHints) {
    const auto* reg = img::find_message_type("cimg.RegFileEntry");
    ASSERT_NE(reg, nullptr);
    const auto& flags = img::hints_for(reg->FindFieldByName("flags"));
    ASSERT_NE(flags.flags, nullptr);
    EXPECT_NE(flags.flags->FindValueByName("O_LARGEFILE"), nullptr);
    EXPECT_TRUE(img::hints_for(reg->FindFieldByName("name")).path);
    const auto* vma = img::find_message_type("cimg.VmaEntry");
    ASSERT_NE(vma, nullptr);
    EXPECT_TRUE(img::hints_for(vma->FindFieldByName("start")).hex);
    const auto* pe = img::find_message_type("cimg.PagemapEntry");
    ASSERT_NE(pe, nullptr);
    EXPECT_EQ(img::hints_for(pe->FindFieldByName("compat_nr_pages")).legacy_name, "nr_pages");
    const auto* tc = img::find_message_type("cimg.TaskCoreEntry");
    ASSERT_NE(tc, nullptr);
    ASSERT_NE(img::hints_for(tc->FindFieldByName("task_state")).dict, nullptr);
}

}  // namespace
