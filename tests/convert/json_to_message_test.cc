// json_to_message: every value form crit prints or accepts, and errors that
// name the entry and the field.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "img/convert/json_to_message.h"
#include "img/support/text_codecs.h"
#include "harness/schema.h"

namespace {

using json = nlohmann::json;

template <class M>
M parse_ok(const char* text) {
    M m;
    auto r = img::json_to_message(json::parse(text), &m, "entry #0");
    EXPECT_TRUE(r.ok()) << text << ": " << (r.ok() ? "" : r.error().message());
    return m;
}

template <class M>
std::string parse_error(const char* text, const std::string& where = "entry #3") {
    M m;
    auto r = img::json_to_message(json::parse(text), &m, where);
    EXPECT_FALSE(r.ok()) << text << " should be rejected";
    return r.ok() ? std::string() : r.error().message();
}

TEST(ParseIntText, PythonIntBaseZeroForms) {
    struct C { const char* s; uint64_t mag; bool neg; };
    for (C c : {C{"0x10", 16, false}, C{"0X1f", 31, false}, C{"0o20", 16, false}, C{"0b101", 5, false},
                C{"123", 123, false}, C{"-3", 3, true}, C{"+7", 7, false}, C{" 42 ", 42, false},
                C{"1_000", 1000, false}, C{"0", 0, false}, C{"18446744073709551615", UINT64_MAX, false},
                C{"0xffffffffffffffff", UINT64_MAX, false}}) {
        int64_t unused = 0; uint64_t mag = 0; bool neg = false;
        ASSERT_TRUE(img::parse_int_text(c.s, unused, mag, neg)) << c.s;
        EXPECT_EQ(mag, c.mag) << c.s;
        EXPECT_EQ(neg, c.neg) << c.s;
    }
}

TEST(ParseIntText, RejectsNonNumbers) {
    for (const char* s : {"", "0x", "abc", "12a", "0o8", "0b2", "1.5", "--1", "18446744073709551616",
                          "0x10000000000000000", "O_RDWR"}) {
        int64_t unused = 0; uint64_t mag = 0; bool neg = false;
        EXPECT_FALSE(img::parse_int_text(s, unused, mag, neg)) << s;
    }
}

TEST(JsonToMessage, IntegerForms) {
    EXPECT_EQ(parse_ok<cimg::PstreeEntry>(R"({"pid": 16, "ppid": 0, "pgid": 1, "sid": 1})").pid(), 16u);
    EXPECT_EQ(parse_ok<cimg::PstreeEntry>(R"({"pid": "0x10", "ppid": 0, "pgid": 1, "sid": 1})").pid(), 16u);
    EXPECT_EQ(parse_ok<cimg::PstreeEntry>(R"({"pid": "0o20", "ppid": 0, "pgid": 1, "sid": 1})").pid(), 16u);
    EXPECT_EQ(parse_ok<cimg::PstreeEntry>(R"({"pid": "16", "ppid": 0, "pgid": 1, "sid": 1})").pid(), 16u);
    auto threads = parse_ok<cimg::PstreeEntry>(R"({"pid": 1, "ppid": 0, "pgid": 1, "sid": 1, "threads": [1, "0x2", "0o3"]})");
    ASSERT_EQ(threads.threads_size(), 3);
    EXPECT_EQ(threads.threads(2), 3u);
}

TEST(JsonToMessage, NegativeNumbers) {
    auto tc = parse_ok<cimg::TaskCoreEntry>(
        R"({"task_state": 1, "exit_code": 0, "personality": 0, "flags": 0, "blk_sigset": 0, "comm": "x", "oom_score_adj": "-3"})");
    EXPECT_EQ(tc.oom_score_adj(), -3);
    auto vma = parse_ok<cimg::VmaEntry>(
        R"({"start": "0x400000", "end": "0x401000", "pgoff": 0, "shmid": 0, "prot": 5, "flags": 2, "status": 65, "fd": -1})");
    EXPECT_EQ(vma.fd(), -1);
    EXPECT_EQ(vma.start(), 0x400000u);
    auto reg = parse_ok<cimg::RegFileEntry>(
        R"({"id": 1, "flags": 0, "pos": 0, "fown": {"uid": 0, "euid": 0, "signum": 0, "pid_type": 0, "pid": 0}, "name": "/x", "mnt_id": -3})");
    EXPECT_EQ(reg.mnt_id(), -3) << "sint32 (zigzag) field";
    auto tc2 = parse_ok<cimg::TaskCoreEntry>(
        R"({"task_state": 1, "exit_code": 0, "personality": 0, "flags": 0, "blk_sigset": 0, "comm": "x", "oom_score_adj": -2147483648})");
    EXPECT_EQ(tc2.oom_score_adj(), INT32_MIN);
}

TEST(JsonToMessage, FlagStrings) {
    auto reg = parse_ok<cimg::RegFileEntry>(
        R"({"id": 1, "flags": "O_RDWR | O_LARGEFILE | 0x40000000", "pos": 0, "fown": {"uid": 0, "euid": 0, "signum": 0, "pid_type": 0, "pid": 0}, "name": "/x"})");
    EXPECT_EQ(reg.flags(), 02u | 0100000u | 0x40000000u);
    auto none = parse_ok<cimg::RegFileEntry>(
        R"({"id": 1, "flags": "", "pos": 0, "fown": {"uid": 0, "euid": 0, "signum": 0, "pid_type": 0, "pid": 0}, "name": "/x"})");
    EXPECT_EQ(none.flags(), 0u) << "crit prints 0 flags as \"\"";
    auto vma = parse_ok<cimg::VmaEntry>(
        R"({"start": 0, "end": 4096, "pgoff": 0, "shmid": 0, "prot": "PROT_READ | PROT_EXEC", "flags": "MAP_PRIVATE | MAP_ANON | MAP_GROWSDOWN", "status": "VMA_AREA_REGULAR | VMA_FILE_SHARED | 0x4000", "fd": -1, "madv": "0x10000"})");
    EXPECT_EQ(vma.prot(), 5u);
    EXPECT_EQ(vma.flags(), 0x122u);
    EXPECT_EQ(vma.status(), 0x4081u);
    EXPECT_EQ(vma.madv(), 0x10000u);
}

TEST(JsonToMessage, UnknownFlagNamesFieldAndEntry) {
    std::string m = parse_error<cimg::RegFileEntry>(
        R"({"id": 1, "flags": "O_RDWR | O_BOGUS", "pos": 0, "fown": {"uid": 0, "euid": 0, "signum": 0, "pid_type": 0, "pid": 0}, "name": "/x"})");
    EXPECT_NE(m.find("entry #3"), std::string::npos) << m;
    EXPECT_NE(m.find("'flags'"), std::string::npos) << m;
    EXPECT_NE(m.find("O_BOGUS"), std::string::npos) << m;
}

TEST(JsonToMessage, DeviceNumbers) {
    auto g = parse_ok<cimg::GhostFileEntry>(R"({"uid": 0, "gid": 0, "mode": 33188, "dev": "254:0", "rdev": "8:1"})");
    EXPECT_EQ(g.dev(), 254u << 20) << "kernel encoding";
    EXPECT_EQ(g.rdev(), 0x801u) << "glibc makedev encoding (odev)";
    auto big = parse_ok<cimg::GhostFileEntry>(R"({"uid": 0, "gid": 0, "mode": 0, "dev": "8:1048575", "rdev": "259:65536"})");
    EXPECT_EQ(big.dev(), (8u << 20) | 0xfffffu);
    EXPECT_EQ(big.rdev(), (0x103u << 8) | (0x10000u << 12));   // glibc makedev(259, 65536)
}

TEST(JsonToMessage, DictNames) {
    auto sk = parse_ok<cimg::InetSkEntry>(R"({"id": 1, "ino": 2, "family": "INET6", "type": "STREAM", "proto": "TCP",
        "state": "LISTEN", "src_port": 80, "dst_port": 0, "flags": "0x802", "backlog": 5, "src_addr": ["::1"], "dst_addr": ["0.0.0.0"],
        "fown": {"uid": 0, "euid": 0, "signum": 0, "pid_type": 0, "pid": 0},
        "opts": {"so_sndbuf": 1, "so_rcvbuf": 1, "so_snd_tmo_sec": 0, "so_snd_tmo_usec": 0, "so_rcv_tmo_sec": 0, "so_rcv_tmo_usec": 0}})");
    EXPECT_EQ(sk.family(), 10u);
    EXPECT_EQ(sk.type(), 1u);
    EXPECT_EQ(sk.proto(), 6u);
    EXPECT_EQ(sk.state(), 10u);
    EXPECT_EQ(sk.flags(), 0x802u);
    ASSERT_EQ(sk.src_addr_size(), 4);
    EXPECT_EQ(sk.src_addr(3), 0x01000000u);
    ASSERT_EQ(sk.dst_addr_size(), 1);
    EXPECT_EQ(sk.dst_addr(0), 0u);
}

TEST(JsonToMessage, IpAddressWordsAsNumbersToo) {
    auto sk = parse_ok<cimg::InetSkEntry>(R"({"id": 1, "ino": 2, "family": 2, "type": 1, "proto": 6,
        "state": 10, "src_port": 80, "dst_port": 0, "flags": 0, "backlog": 5, "src_addr": [16777343],
        "fown": {"uid": 0, "euid": 0, "signum": 0, "pid_type": 0, "pid": 0},
        "opts": {"so_sndbuf": 1, "so_rcvbuf": 1, "so_snd_tmo_sec": 0, "so_snd_tmo_usec": 0, "so_rcv_tmo_sec": 0, "so_rcv_tmo_usec": 0}})");
    ASSERT_EQ(sk.src_addr_size(), 1);
    EXPECT_EQ(sk.src_addr(0), 0x0100007fu);
}

TEST(JsonToMessage, BadIpAddressIsNamed) {
    std::string m = parse_error<cimg::InetSkEntry>(R"({"src_addr": ["not-an-ip"]})");
    EXPECT_NE(m.find("src_addr"), std::string::npos) << m;
}

TEST(JsonToMessage, TaskStateNames) {
    const char* base = R"({"task_state": "%s", "exit_code": 0, "personality": 0, "flags": 0, "blk_sigset": 0, "comm": "x"})";
    auto state = [&](const char* name) {
        char buf[256];
        std::snprintf(buf, sizeof buf, base, name);
        return parse_ok<cimg::TaskCoreEntry>(buf).task_state();
    };
    EXPECT_EQ(state("Alive"), 1u);
    EXPECT_EQ(state("Dead"), 2u);
    EXPECT_EQ(state("Stopped"), 3u);
    EXPECT_EQ(state("Zombie"), 3u) << "crit labels CRIU's 3 (stopped) \"Zombie\"";
}

TEST(JsonToMessage, EnumNamesAndNumbers) {
    EXPECT_EQ(parse_ok<cimg::FileEntry>(R"({"type": "REG", "id": 1})").type(), 1u);
    EXPECT_EQ(parse_ok<cimg::FileEntry>(R"({"type": "PIDFD", "id": 1})").type(), 20u);
    EXPECT_EQ(parse_ok<cimg::FileEntry>(R"({"type": 77, "id": 1})").type(), 77u) << "numbers we have no name for";
    EXPECT_EQ(parse_ok<cimg::CoreEntry>(R"({"mtype": "X86_64"})").mtype(), 1u);
    std::string m = parse_error<cimg::FileEntry>(R"({"type": "BOGUS", "id": 1})");
    EXPECT_NE(m.find("'type'"), std::string::npos) << m;
}

TEST(JsonToMessage, LegacyNrPagesKey) {
    auto old = parse_ok<cimg::PagemapEntry>(R"({"vaddr": 4096, "nr_pages": 5, "flags": 4})");
    EXPECT_EQ(old.compat_nr_pages(), 5u) << "crit <= 4.1 named field 2 nr_pages";
    EXPECT_FALSE(old.has_nr_pages());
    auto cur = parse_ok<cimg::PagemapEntry>(R"({"vaddr": 4096, "compat_nr_pages": 0, "flags": 4, "nr_pages": 300})");
    EXPECT_EQ(cur.compat_nr_pages(), 0u);
    ASSERT_TRUE(cur.has_nr_pages());
    EXPECT_EQ(cur.nr_pages(), 300u);
    auto pretty = parse_ok<cimg::PagemapEntry>(R"({"vaddr": "0x1000", "nr_pages": 2, "flags": "PE_PRESENT"})");
    EXPECT_EQ(pretty.compat_nr_pages(), 2u);
    EXPECT_EQ(pretty.flags(), 4u);
}

TEST(JsonToMessage, OutOfRangeRejected) {
    for (const char* t : {R"({"pid": 4294967296, "ppid": 0, "pgid": 1, "sid": 1})",
                          R"({"pid": "0x100000000", "ppid": 0, "pgid": 1, "sid": 1})",
                          R"({"pid": -1, "ppid": 0, "pgid": 1, "sid": 1})",
                          R"({"pid": "-3", "ppid": 0, "pgid": 1, "sid": 1})"}) {
        std::string m = parse_error<cimg::PstreeEntry>(t);
        EXPECT_NE(m.find("'pid'"), std::string::npos) << m;
        EXPECT_NE(m.find("entry #3"), std::string::npos) << m;
    }
    const char* tc = R"({"task_state": 1, "exit_code": 0, "personality": 0, "flags": 0, "blk_sigset": 0, "comm": "x", "oom_score_adj": %s})";
    for (const char* v : {"2147483648", "-2147483649"}) {
        char buf[256];
        std::snprintf(buf, sizeof buf, tc, v);
        std::string m = parse_error<cimg::TaskCoreEntry>(buf);
        EXPECT_NE(m.find("oom_score_adj"), std::string::npos) << m;
    }
    std::string big = parse_error<cimg::VmaEntry>(R"({"start": "18446744073709551616"})");
    EXPECT_NE(big.find("'start'"), std::string::npos) << big;
    EXPECT_EQ(parse_ok<cimg::VmaEntry>(R"({"start": 18446744073709551615, "end": 0, "pgoff": 0, "shmid": 0, "prot": 0, "flags": 0, "status": 0, "fd": -9223372036854775808})").start(), UINT64_MAX);
}

TEST(JsonToMessage, NestedErrorsNameThePath) {
    std::string m = parse_error<cimg::FileEntry>(
        R"({"type": "REG", "id": 1, "reg": {"id": 1, "flags": 0, "pos": 0, "fown": {"uid": "lots", "euid": 0, "signum": 0, "pid_type": 0, "pid": 0}, "name": "/x"}})");
    EXPECT_NE(m.find("entry #3"), std::string::npos) << m;
    EXPECT_NE(m.find("reg"), std::string::npos) << m;
    EXPECT_NE(m.find("'uid'"), std::string::npos) << m;
}

TEST(JsonToMessage, UnknownKeyRejected) {
    std::string m = parse_error<cimg::PstreeEntry>(R"({"pid": 1, "ppid": 0, "pgid": 1, "sid": 1, "pidd": 3})");
    EXPECT_NE(m.find("pidd"), std::string::npos) << m;
    EXPECT_NE(m.find("entry #3"), std::string::npos) << m;
    cimg::PstreeEntry p;
    EXPECT_FALSE(img::json_to_message(json::parse(R"({"pid": 1, "extra": "x"})"), &p, "e").ok())
        << "'extra' is only allowed where the caller says so";
    EXPECT_TRUE(img::json_to_message(json::parse(R"({"pid": 1, "extra": "x"})"), &p, "e", true).ok());
}

TEST(JsonToMessage, WrongJsonTypesRejected) {
    EXPECT_NE(parse_error<cimg::PstreeEntry>(R"({"pid": [1]})").find("'pid'"), std::string::npos);
    EXPECT_NE(parse_error<cimg::PstreeEntry>(R"({"pid": {"x": 1}})").find("'pid'"), std::string::npos);
    EXPECT_NE(parse_error<cimg::PstreeEntry>(R"({"threads": 5})").find("'threads'"), std::string::npos);
    EXPECT_NE(parse_error<cimg::FileEntry>(R"({"reg": "x"})").find("'reg'"), std::string::npos);
    EXPECT_NE(parse_error<cimg::PstreeEntry>(R"({"pid": "twelve"})").find("'pid'"), std::string::npos);
    cimg::PstreeEntry p;
    EXPECT_FALSE(img::json_to_message(json::parse("[1, 2]"), &p, "entry #9").ok());
}

TEST(JsonToMessage, Bytes) {
    auto reg = parse_ok<cimg::RegFileEntry>(
        R"({"id": 1, "flags": 0, "pos": 0, "fown": {"uid": 0, "euid": 0, "signum": 0, "pid_type": 0, "pid": 0}, "name": {"base64": "L3RtcC9jYWbpLnR4dA==\n", "text": "/tmp/caf\\xe9.txt"}})");
    EXPECT_EQ(reg.name(), "/tmp/caf\xe9.txt");
    auto plain = parse_ok<cimg::RegFileEntry>(
        R"({"id": 1, "flags": 0, "pos": 0, "fown": {"uid": 0, "euid": 0, "signum": 0, "pid_type": 0, "pid": 0}, "name": "/tmp/caf\u00e9.txt"})");
    EXPECT_EQ(plain.name(), "/tmp/caf\xc3\xa9.txt") << "text fields are taken as UTF-8 text, not base64";
    std::string bad = parse_error<cimg::RegFileEntry>(R"({"name": {"base64": "!!"}})");
    EXPECT_NE(bad.find("'name'"), std::string::npos) << bad;
}

TEST(JsonToMessage, UnixNameIsQuotedPrintable) {
    auto sk = parse_ok<cimg::UnixSkEntry>(R"({"id": 1, "ino": 2, "type": 1, "state": 10, "flags": 0, "uflags": 0, "backlog": 0, "peer": 0,
        "fown": {"uid": 0, "euid": 0, "signum": 0, "pid_type": 0, "pid": 0},
        "opts": {"so_sndbuf": 1, "so_rcvbuf": 1, "so_snd_tmo_sec": 0, "so_snd_tmo_usec": 0, "so_rcv_tmo_sec": 0, "so_rcv_tmo_usec": 0},
        "name": "=00abstract=3Dname=FF"})");
    EXPECT_EQ(sk.name(), std::string("\0abstract=name\xff", 15));
}

TEST(JsonToMessage, Booleans) {
    EXPECT_TRUE(parse_ok<cimg::GhostFileEntry>(R"({"uid": 0, "gid": 0, "mode": 0, "chunks": true})").chunks());
    auto f = parse_ok<cimg::GhostFileEntry>(R"({"uid": 0, "gid": 0, "mode": 0, "chunks": false})");
    EXPECT_TRUE(f.has_chunks());
    EXPECT_FALSE(f.chunks());
    EXPECT_TRUE(parse_ok<cimg::GhostFileEntry>(R"({"uid": 0, "gid": 0, "mode": 0, "chunks": 1})").chunks());
}

TEST(JsonToMessage, UnknownFieldsKeyRestoresWireBytes) {
    // field 99, varint 7: tag (99 << 3) = 792 -> 0x98 0x06, value 0x07
    std::string raw = "\x98\x06\x07";
    json j = json::parse(R"({"pid": 1, "ppid": 0, "pgid": 1, "sid": 1})");
    j["_unknown_fields"] = img::base64_mime(raw);
    cimg::PstreeEntry p;
    auto r = img::json_to_message(j, &p, "entry #0");
    ASSERT_TRUE(r.ok()) << r.error().message();
    std::string out;
    p.SerializeToString(&out);
    EXPECT_EQ(out, std::string("\x08\x01\x10\x00\x18\x01\x20\x01", 8) + raw);
    j["_unknown_fields"] = "%%%";
    cimg::PstreeEntry q;
    EXPECT_FALSE(img::json_to_message(j, &q, "entry #0").ok());
}

}  // namespace
