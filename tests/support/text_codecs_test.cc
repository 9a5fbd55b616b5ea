// The text encodings of crit's JSON, checked against what Python produces
// (base64.encodebytes, binascii.b2a_qp, ipaddress' compressed form).
#include <gtest/gtest.h>

#include <cstring>
#include <string>

#include "img/support/text_codecs.h"

namespace {

std::string range_bytes(size_t n) {
    std::string s;
    for (size_t i = 0; i < n; ++i) s.push_back(static_cast<char>(i & 0xff));
    return s;
}

TEST(Base64Mime, EmptyIsEmpty) { EXPECT_EQ(img::base64_mime(""), ""); }

TEST(Base64Mime, ShortInputEndsInNewline) {
    EXPECT_EQ(img::base64_mime("hello\n"), "aGVsbG8K\n");
    EXPECT_EQ(img::base64_mime("a"), "YQ==\n");
    EXPECT_EQ(img::base64_mime("ab"), "YWI=\n");
    EXPECT_EQ(img::base64_mime("abc"), "YWJj\n");
}

TEST(Base64Mime, ExactlyOneFullLine) {
    // 57 bytes -> exactly 76 characters, one line (python: base64.encodebytes(bytes(range(57)))).
    std::string out = img::base64_mime(range_bytes(57));
    EXPECT_EQ(out, "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIjJCUmJygpKissLS4vMDEyMzQ1Njc4\n");
}

TEST(Base64Mime, BreaksAfterSeventySixCharacters) {
    EXPECT_EQ(img::base64_mime(range_bytes(58)),
              "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIjJCUmJygpKissLS4vMDEyMzQ1Njc4\nOQ==\n");
    std::string big = img::base64_mime(range_bytes(1000));
    size_t start = 0;
    int lines = 0;
    while (start < big.size()) {
        size_t nl = big.find('\n', start);
        ASSERT_NE(nl, std::string::npos) << "every line ends in a newline";
        size_t len = nl - start;
        if (nl + 1 < big.size()) EXPECT_EQ(len, 76u) << "line " << lines;
        else EXPECT_LE(len, 76u);
        start = nl + 1;
        ++lines;
    }
    EXPECT_EQ(lines, 18);   // ceil(1000 / 57)
}

TEST(Base64Decode, InvertsEncodeIncludingNewlines) {
    for (size_t n : {0u, 1u, 2u, 3u, 56u, 57u, 58u, 114u, 1000u}) {
        std::string d = range_bytes(n);
        auto back = img::base64_decode(img::base64_mime(d));
        ASSERT_TRUE(back.has_value()) << n;
        EXPECT_EQ(*back, d) << n;
    }
}

TEST(Base64Decode, AcceptsWhitespaceAndNoPadding) {
    EXPECT_EQ(img::base64_decode("aGVs\nbG8K\n"), std::optional<std::string>("hello\n"));
    EXPECT_EQ(img::base64_decode("aGVs bG8K\r\n"), std::optional<std::string>("hello\n"));
    EXPECT_EQ(img::base64_decode("YQ"), std::optional<std::string>("a"));
    EXPECT_EQ(img::base64_decode(""), std::optional<std::string>(""));
}

TEST(Base64Decode, RejectsJunk) {
    EXPECT_FALSE(img::base64_decode("aGVsbG8K!").has_value());
    EXPECT_FALSE(img::base64_decode("a-b_").has_value()) << "urlsafe alphabet is not crit's";
    EXPECT_FALSE(img::base64_decode("YQ==YQ==").has_value()) << "data after padding";
    EXPECT_FALSE(img::base64_decode("Y").has_value()) << "a lone sextet encodes no byte";
    EXPECT_FALSE(img::base64_decode("YWJjZ").has_value());
    EXPECT_FALSE(img::base64_decode("b'aGk='").has_value());
}

struct QpCase {
    std::string in, out;
};

TEST(QuotedPrintable, MatchesPythonB2aQp) {
    // Expected strings are binascii.b2a_qp(in) from Python 3.
    const QpCase cases[] = {
        {std::string("\0abstract=name\xff", 15), "=00abstract=3Dname=FF"},
        {"/run/app.sock", "/run/app.sock"},
        {"name ", "name=20"},
        {"\t", "=09"},
        {"a\tb", "a\tb"},
        {".", "=2E"},
        {"a.b", "a.b"},
        {"line one \nline two", "line one=20\nline two"},
        {"x \n", "x=20\n"},
        {"/run/" + std::string(95, 'a'),
         "/run/" + std::string(70, 'a') + "=\n" + std::string(25, 'a')},
        {std::string(76, 'a'), std::string(76, 'a')},
        {std::string(77, 'a'), std::string(75, 'a') + "=\naa"},
        {std::string(150, 'a'), std::string(75, 'a') + "=\n" + std::string(75, 'a')},
        {std::string(75, 'a') + " ", std::string(75, 'a') + "=\n=20"},
        {std::string(74, 'a') + "\xff", std::string(74, 'a') + "=\n=FF"},
        {std::string(30, '='), [] { std::string s; for (int i = 0; i < 25; ++i) s += "=3D"; s += "=\n"; for (int i = 0; i < 5; ++i) s += "=3D"; return s; }()},
        {std::string(30, '\0'), [] { std::string s; for (int i = 0; i < 25; ++i) s += "=00"; s += "=\n"; for (int i = 0; i < 5; ++i) s += "=00"; return s; }()},
        {"", ""},
    };
    for (const auto& c : cases) EXPECT_EQ(img::quoted_printable(c.in), c.out) << "input of " << c.in.size() << " bytes";
}

TEST(QuotedPrintable, HundredCharacterNameGetsASoftBreak) {
    std::string name(100, 'n');
    std::string qp = img::quoted_printable(name);
    EXPECT_EQ(qp, std::string(75, 'n') + "=\n" + std::string(25, 'n'));
}

TEST(QuotedPrintable, DecodeInvertsEncode) {
    std::string all = range_bytes(256);
    const std::string inputs[] = {
        std::string("\0abstract=name\xff", 15), "name ", "x \n", std::string(100, 'n'), std::string(30, '='),
        all, all + all, ".", "a.b", "tab\tend\t", std::string(75, 'a') + " "};
    for (const auto& in : inputs) EXPECT_EQ(img::quoted_printable_decode(img::quoted_printable(in)), in) << in.size();
}

TEST(QuotedPrintable, DecodeLeavesStrayEqualsAlone) {
    EXPECT_EQ(img::quoted_printable_decode("a=zz"), "a=zz");
    EXPECT_EQ(img::quoted_printable_decode("a="), "a=");
    EXPECT_EQ(img::quoted_printable_decode("a=3d"), "a=");
    EXPECT_EQ(img::quoted_printable_decode("ab=\r\ncd"), "abcd");
}

TEST(ValidUtf8, AcceptsWellFormed) {
    EXPECT_TRUE(img::valid_utf8(""));
    EXPECT_TRUE(img::valid_utf8("plain ascii\x7f"));
    EXPECT_TRUE(img::valid_utf8("caf\xc3\xa9"));               // U+00E9
    EXPECT_TRUE(img::valid_utf8("\xdf\xbf"));                   // U+07FF
    EXPECT_TRUE(img::valid_utf8("\xe0\xa0\x80"));               // U+0800
    EXPECT_TRUE(img::valid_utf8("\xed\x9f\xbf"));               // U+D7FF
    EXPECT_TRUE(img::valid_utf8("\xee\x80\x80"));               // U+E000
    EXPECT_TRUE(img::valid_utf8("\xef\xbf\xbf"));               // U+FFFF
    EXPECT_TRUE(img::valid_utf8("\xf0\x90\x80\x80"));           // U+10000
    EXPECT_TRUE(img::valid_utf8("\xf4\x8f\xbf\xbf"));           // U+10FFFF
    EXPECT_TRUE(img::valid_utf8(std::string("a\0b", 3)));
}

TEST(ValidUtf8, RejectsMalformed) {
    EXPECT_FALSE(img::valid_utf8("caf\xe9.txt"));               // Latin-1
    EXPECT_FALSE(img::valid_utf8("\xc0\xaf"));                  // overlong '/'
    EXPECT_FALSE(img::valid_utf8("\xc1\xbf"));                  // overlong
    EXPECT_FALSE(img::valid_utf8("\xe0\x80\xaf"));              // overlong 3-byte
    EXPECT_FALSE(img::valid_utf8("\xe0\x9f\xbf"));              // overlong U+07FF
    EXPECT_FALSE(img::valid_utf8("\xf0\x80\x80\xaf"));          // overlong 4-byte
    EXPECT_FALSE(img::valid_utf8("\xf0\x8f\xbf\xbf"));          // overlong U+FFFF
    EXPECT_FALSE(img::valid_utf8("\xed\xa0\x80"));              // U+D800 surrogate
    EXPECT_FALSE(img::valid_utf8("\xed\xbf\xbf"));              // U+DFFF surrogate
    EXPECT_FALSE(img::valid_utf8("\xed\xa0\xbd\xed\xb8\x80"));  // CESU-8 pair
    EXPECT_FALSE(img::valid_utf8("\xf4\x90\x80\x80"));          // above U+10FFFF
    EXPECT_FALSE(img::valid_utf8("\xf5\x80\x80\x80"));
    EXPECT_FALSE(img::valid_utf8("\xff"));
    EXPECT_FALSE(img::valid_utf8("\x80"));                      // lone continuation
    EXPECT_FALSE(img::valid_utf8("\xc3"));                      // truncated at end
    EXPECT_FALSE(img::valid_utf8("\xe2\x82"));
    EXPECT_FALSE(img::valid_utf8("\xc3(x"));                    // bad continuation
    EXPECT_FALSE(img::valid_utf8("abc\xf0\x9f\x98"));
}

uint32_t word(unsigned a, unsigned b, unsigned c, unsigned d) {
    // Address bytes in network order, read as a host (little-endian) u32, as CRIU stores them.
    unsigned char bytes[4] = {static_cast<unsigned char>(a), static_cast<unsigned char>(b),
                              static_cast<unsigned char>(c), static_cast<unsigned char>(d)};
    uint32_t w;
    std::memcpy(&w, bytes, 4);
    return w;
}

TEST(IpWords, Ipv4) {
    EXPECT_EQ(img::ip_words_to_string({0x0100007f}), "127.0.0.1");
    EXPECT_EQ(img::ip_words_to_string({0}), "0.0.0.0");
    EXPECT_EQ(img::ip_words_to_string({word(192, 168, 1, 254)}), "192.168.1.254");
}

TEST(IpWords, Ipv6CompressedLikePython) {
    EXPECT_EQ(img::ip_words_to_string({0, 0, 0, 0x01000000}), "::1");
    EXPECT_EQ(img::ip_words_to_string({0, 0, 0, 0}), "::");
    EXPECT_EQ(img::ip_words_to_string({word(0x20, 0x01, 0x0d, 0xb8), 0, 0, word(0, 0, 0, 1)}), "2001:db8::1");
    EXPECT_EQ(img::ip_words_to_string({word(0xfe, 0x80, 0, 0), 0, 0, 0}), "fe80::");
    // 1:0:0:1:0:0:0:1 -> the longest run (three) is compressed.
    EXPECT_EQ(img::ip_words_to_string({word(0, 1, 0, 0), word(0, 0, 0, 1), 0, word(0, 0, 0, 1)}), "1:0:0:1::1");
    // 1:0:0:0:1:0:0:1 -> the first of the longest runs.
    EXPECT_EQ(img::ip_words_to_string({word(0, 1, 0, 0), 0, word(0, 1, 0, 0), word(0, 0, 0, 1)}), "1::1:0:0:1");
    // 0:0:1:0:0:0:0:0 -> the later, longer run wins.
    EXPECT_EQ(img::ip_words_to_string({0, word(0, 1, 0, 0), 0, 0}), "0:0:1::");
    // Single zero hextets are never compressed.
    EXPECT_EQ(img::ip_words_to_string({word(0, 1, 0, 0), word(0, 1, 0, 0), word(0, 1, 0, 0), word(0, 1, 0, 0)}),
              "1:0:1:0:1:0:1:0");
    EXPECT_EQ(img::ip_words_to_string({word(0, 0, 0, 1), word(0, 2, 0, 3), word(0, 4, 0, 5), word(0, 6, 0, 7)}),
              "0:1:2:3:4:5:6:7");
    // ::ffff:1.2.3.4 is shown in hex hextets, as Python's ipaddress does.
    EXPECT_EQ(img::ip_words_to_string({0, 0, word(0, 0, 0xff, 0xff), word(1, 2, 3, 4)}), "::ffff:102:304");
}

TEST(IpWords, StringToWordsRoundTrip) {
    for (std::string s : {"127.0.0.1", "0.0.0.0", "10.1.2.3", "::1", "::", "2001:db8::1", "1:0:0:1::1", "1::1:0:0:1",
                          "fe80::1:2", "0:0:1::", "1:0:1:0:1:0:1:0"}) {
        auto w = img::ip_string_to_words(s);
        ASSERT_TRUE(w.has_value()) << s;
        EXPECT_EQ(w->size(), s.find(':') == std::string::npos ? 1u : 4u) << s;
        EXPECT_EQ(img::ip_words_to_string(*w), s);
    }
    EXPECT_EQ(img::ip_string_to_words("127.0.0.1").value_or(std::vector<uint32_t>{}), (std::vector<uint32_t>{0x0100007f}));
    EXPECT_EQ(img::ip_string_to_words("::1").value_or(std::vector<uint32_t>{}), (std::vector<uint32_t>{0, 0, 0, 0x01000000}));
}

TEST(IpWords, StringToWordsRejectsJunk) {
    EXPECT_FALSE(img::ip_string_to_words("").has_value());
    EXPECT_FALSE(img::ip_string_to_words("localhost").has_value());
    EXPECT_FALSE(img::ip_string_to_words("256.1.1.1").has_value());
    EXPECT_FALSE(img::ip_string_to_words("1:2:3:4:5:6:7:8:9").has_value());
}

}  // namespace
