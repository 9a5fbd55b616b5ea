// render_message: crit's value rendering, plain and --pretty, driven by the
// schema's Render hints; plus what crit cannot show (non-UTF-8 text, unknown
// fields, unknown enum values) rendered losslessly.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "img/convert/json_to_message.h"
#include "img/output/json_writer.h"
#include "img/convert/message_render.h"
#include "harness/schema.h"

namespace {

using json = nlohmann::json;

std::string render(const google::protobuf::Message& m, bool pretty) {
    img::JsonWriter w(nullptr);
    img::RenderOptions o;
    o.pretty = pretty;
    img::render_message(m, w, o);
    return w.str();
}

json rendered(const google::protobuf::Message& m, bool pretty) { return json::parse(render(m, pretty)); }

cimg::FownEntry* zero_fown(cimg::FownEntry* f) {
    f->set_uid(0); f->set_euid(0); f->set_signum(0); f->set_pid_type(0); f->set_pid(0);
    return f;
}

cimg::RegFileEntry reg(const std::string& name, uint32_t flags) {
    cimg::RegFileEntry r;
    r.set_id(5);
    r.set_flags(flags);
    r.set_pos(0);
    zero_fown(r.mutable_fown());
    r.set_name(name);
    return r;
}

TEST(MessageRender, FieldOrderAndOnlySetFields) {
    cimg::PstreeEntry p;
    p.set_sid(4); p.set_pid(1); p.set_ppid(0); p.set_pgid(1);
    EXPECT_EQ(render(p, false), R"({"pid": 1, "ppid": 0, "pgid": 1, "sid": 4})");
    p.add_threads(1); p.add_threads(2);
    EXPECT_EQ(render(p, false), R"({"pid": 1, "ppid": 0, "pgid": 1, "sid": 4, "threads": [1, 2]})");
}

TEST(MessageRender, ExplicitDefaultsAppear) {
    auto r = reg("/x", 0);
    r.set_mnt_id(-1);   // the declared default, but set
    json j = rendered(r, false);
    ASSERT_TRUE(j.contains("mnt_id"));
    EXPECT_EQ(j["mnt_id"], -1);
    EXPECT_FALSE(j.contains("size"));
}

TEST(MessageRender, FlagsPlainAndPretty) {
    auto r = reg("/var/lib/app/data.db", 0100002);
    EXPECT_EQ(rendered(r, false)["flags"], 32770);
    EXPECT_EQ(rendered(r, true)["flags"], "O_RDWR | O_LARGEFILE");
    r.set_flags(0);
    EXPECT_EQ(rendered(r, true)["flags"], "") << "crit prints 0 flags as an empty string";
    r.set_flags(0100002 | 0x40000000);
    EXPECT_EQ(rendered(r, true)["flags"], "O_RDWR | O_LARGEFILE | 0x40000000");
}

TEST(MessageRender, VmaPretty) {
    cimg::VmaEntry v;
    v.set_start(0x55d0c0a00000); v.set_end(0x55d0c0a01000); v.set_pgoff(0); v.set_shmid(5);
    v.set_prot(5); v.set_flags(0x4001); v.set_status(0x41); v.set_fd(-1); v.set_madv(0x10000);
    json p = rendered(v, true);
    EXPECT_EQ(p["start"], "0x55d0c0a00000");
    EXPECT_EQ(p["end"], "0x55d0c0a01000");
    EXPECT_EQ(p["pgoff"], 0);
    EXPECT_EQ(p["prot"], "PROT_READ | PROT_EXEC");
    EXPECT_EQ(p["flags"], "MAP_SHARED | 0x4000");
    EXPECT_EQ(p["status"], "VMA_AREA_REGULAR | VMA_FILE_PRIVATE");
    EXPECT_EQ(p["fd"], -1);
    EXPECT_EQ(p["madv"], "0x10000");
    json plain = rendered(v, false);
    EXPECT_EQ(plain["start"], 0x55d0c0a00000ull);
    EXPECT_EQ(plain["prot"], 5);
    v.set_prot(0);
    EXPECT_EQ(rendered(v, true)["prot"], "");
}

TEST(MessageRender, DevicesPretty) {
    cimg::GhostFileEntry g;
    g.set_uid(0); g.set_gid(0); g.set_mode(0100644);
    g.set_dev(8388609);   // 8 << 20 | 1
    g.set_rdev(0x801);    // makedev(8, 1)
    json p = rendered(g, true);
    EXPECT_EQ(p["dev"], "8:1");
    EXPECT_EQ(p["rdev"], "8:1");
    json plain = rendered(g, false);
    EXPECT_EQ(plain["dev"], 8388609);
    EXPECT_EQ(plain["rdev"], 2049);
}

TEST(MessageRender, HexIsInheritedByNestedMessages) {
    cimg::CoreEntry c;
    c.set_mtype(1);
    auto* ti = c.mutable_thread_info();
    ti->set_clear_tid_addr(0x7f00);
    auto* gp = ti->mutable_gpregs();
    const auto* d = gp->GetDescriptor();
    for (int i = 0; i < d->field_count(); ++i) {
        const auto* f = d->field(i);
        if (f->cpp_type() == google::protobuf::FieldDescriptor::CPPTYPE_UINT64)
            gp->GetReflection()->SetUInt64(gp, f, 16 + static_cast<uint64_t>(i));
    }
    json p = rendered(c, true);
    EXPECT_EQ(p["mtype"], "X86_64");
    EXPECT_EQ(p["thread_info"]["clear_tid_addr"], "0x7f00");
    EXPECT_EQ(p["thread_info"]["gpregs"]["r15"], "0x10");
    char ip[32];
    std::snprintf(ip, sizeof ip, "0x%x", 16 + d->FindFieldByName("ip")->index());
    EXPECT_EQ(p["thread_info"]["gpregs"]["ip"], ip);
    EXPECT_EQ(rendered(c, false)["thread_info"]["gpregs"]["r15"], 16);
}

TEST(MessageRender, IpAddressesPretty) {
    cimg::InetSkEntry s;
    s.set_id(1); s.set_ino(2); s.set_family(10); s.set_type(1); s.set_proto(6); s.set_state(10);
    s.set_src_port(80); s.set_dst_port(0); s.set_flags(0x802); s.set_backlog(5);
    for (uint32_t w : {0u, 0u, 0u, 0x01000000u}) s.add_src_addr(w);
    s.add_dst_addr(0);
    json p = rendered(s, true);
    EXPECT_EQ(p["family"], "INET6");
    EXPECT_EQ(p["type"], "STREAM");
    EXPECT_EQ(p["proto"], "TCP");
    EXPECT_EQ(p["state"], "LISTEN");
    EXPECT_EQ(p["flags"], "0x802");
    EXPECT_EQ(p["src_addr"], json::array({"::1"}));
    EXPECT_EQ(p["dst_addr"], json::array({"0.0.0.0"}));
    json plain = rendered(s, false);
    EXPECT_EQ(plain["family"], 10);
    EXPECT_EQ(plain["src_addr"], json::array({0, 0, 0, 16777216}));
}

TEST(MessageRender, DictFallsBackToNumber) {
    cimg::InetSkEntry s;
    s.set_family(99);
    EXPECT_EQ(rendered(s, true)["family"], 99);
}

TEST(MessageRender, TaskStateNames) {
    cimg::TaskCoreEntry tc;
    tc.set_exit_code(0); tc.set_personality(0); tc.set_flags(0); tc.set_blk_sigset(0); tc.set_comm("x");
    tc.set_task_state(1);
    EXPECT_EQ(rendered(tc, true)["task_state"], "Alive");
    tc.set_task_state(2);
    EXPECT_EQ(rendered(tc, true)["task_state"], "Dead");
    EXPECT_EQ(rendered(tc, false)["task_state"], 2);
    tc.set_task_state(3);
    EXPECT_EQ(rendered(tc, true)["task_state"], "Stopped") << "CRIU's 3 is stopped, whatever crit calls it";
    tc.set_task_state(6);
    EXPECT_EQ(rendered(tc, true)["task_state"], 6);
    tc.set_blk_sigset(0x1000);
    EXPECT_EQ(rendered(tc, true)["blk_sigset"], "0x1000");
}

TEST(MessageRender, UnknownEnumValueIsANumberAndRoundTrips) {
    cimg::FileEntry f;
    f.set_type(77);
    f.set_id(7);
    for (bool pretty : {false, true}) {
        json j = rendered(f, pretty);
        EXPECT_EQ(j["type"], 77) << "pretty=" << pretty;
        cimg::FileEntry back;
        auto ok = img::json_to_message(j, &back, "entry #0");
        ASSERT_TRUE(ok.ok()) << ok.error().message();
        EXPECT_EQ(back.SerializeAsString(), f.SerializeAsString());
    }
    f.set_type(1);
    EXPECT_EQ(rendered(f, false)["type"], "REG") << "enum names in both modes, like crit";
}

TEST(MessageRender, NonUtf8TextBecomesBase64Object) {
    auto r = reg(std::string("/tmp/caf\xe9.txt"), 2);
    json j = rendered(r, false);
    ASSERT_TRUE(j["name"].is_object()) << j.dump();
    EXPECT_EQ(j["name"]["base64"], "L3RtcC9jYWbpLnR4dA==\n");
    EXPECT_EQ(j["name"]["text"], "/tmp/caf\\xe9.txt");
    cimg::RegFileEntry back;
    auto ok = img::json_to_message(j, &back, "entry #0");
    ASSERT_TRUE(ok.ok()) << ok.error().message();
    EXPECT_EQ(back.name(), "/tmp/caf\xe9.txt");
    EXPECT_EQ(back.SerializeAsString(), r.SerializeAsString());
    auto utf8 = reg("/tmp/caf\xc3\xa9.txt", 2);
    EXPECT_EQ(render(utf8, false).find("\"name\": \"/tmp/caf\\u00e9.txt\"") != std::string::npos, true) << render(utf8, false);
}

TEST(MessageRender, UnixNameQuotedPrintableInBothModes) {
    cimg::UnixSkEntry s;
    s.set_name(std::string("\0abstract=name\xff", 15));
    EXPECT_EQ(rendered(s, false)["name"], "=00abstract=3Dname=FF");
    EXPECT_EQ(rendered(s, true)["name"], "=00abstract=3Dname=FF");
    s.set_name("/run/app.sock");
    EXPECT_EQ(rendered(s, false)["name"], "/run/app.sock");
}

TEST(MessageRender, UnknownFieldsSurviveJsonRoundTrip) {
    cimg::PstreeEntry p;
    p.set_pid(1); p.set_ppid(0); p.set_pgid(1); p.set_sid(1);
    std::string bytes = p.SerializeAsString();
    bytes += "\x98\x06\x07";                       // field 99, varint 7
    bytes += std::string("\xa2\x06\x03" "abc", 6);  // field 100, bytes "abc"
    cimg::PstreeEntry with;
    ASSERT_TRUE(with.ParseFromString(bytes));
    for (bool pretty : {false, true}) {
        json j = rendered(with, pretty);
        ASSERT_TRUE(j.contains("_unknown_fields")) << j.dump();
        cimg::PstreeEntry back;
        auto ok = img::json_to_message(j, &back, "entry #0");
        ASSERT_TRUE(ok.ok()) << ok.error().message();
        EXPECT_EQ(back.SerializeAsString(), bytes);
    }
    EXPECT_FALSE(rendered(p, false).contains("_unknown_fields"));
}

}  // namespace
