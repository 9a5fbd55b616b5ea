#include "img/support/text_codecs.h"

#include <arpa/inet.h>

#include <cstring>

#include <fmt/format.h>

namespace img {

static const char kB64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

std::string base64_mime(std::string_view d) {
    std::string out;
    out.reserve(d.size() * 4 / 3 + d.size() / 57 + 4);
    // Python encodes in 57-byte chunks, each becoming one 76-character line.
    for (size_t chunk = 0; chunk < d.size(); chunk += 57) {
        size_t end = std::min(d.size(), chunk + 57);
        size_t i = chunk;
        for (; i + 3 <= end; i += 3) {
            uint32_t v = (uint32_t(uint8_t(d[i])) << 16) | (uint32_t(uint8_t(d[i + 1])) << 8) | uint8_t(d[i + 2]);
            out.push_back(kB64[v >> 18]); out.push_back(kB64[(v >> 12) & 63]);
            out.push_back(kB64[(v >> 6) & 63]); out.push_back(kB64[v & 63]);
        }
        if (end - i == 1) {
            uint32_t v = uint32_t(uint8_t(d[i])) << 16;
            out.push_back(kB64[v >> 18]); out.push_back(kB64[(v >> 12) & 63]); out += "==";
        } else if (end - i == 2) {
            uint32_t v = (uint32_t(uint8_t(d[i])) << 16) | (uint32_t(uint8_t(d[i + 1])) << 8);
            out.push_back(kB64[v >> 18]); out.push_back(kB64[(v >> 12) & 63]); out.push_back(kB64[(v >> 6) & 63]);
            out.push_back('=');
        }
        out.push_back('\n');
    }
    return out;
}

std::optional<std::string> base64_decode(std::string_view t) {
    std::string out;
    out.reserve(t.size() * 3 / 4);
    uint32_t acc = 0; int bits = 0; int pad = 0;
    for (char c : t) {
        int v;
        if (c >= 'A' && c <= 'Z') v = c - 'A';
        else if (c >= 'a' && c <= 'z') v = c - 'a' + 26;
        else if (c >= '0' && c <= '9') v = c - '0' + 52;
        else if (c == '+') v = 62;
        else if (c == '/') v = 63;
        else if (c == '=') { ++pad; continue; }
        else if (c == '\n' || c == '\r' || c == ' ' || c == '\t') continue;
        else return std::nullopt;
        if (pad) return std::nullopt;  // data after padding
        acc = (acc << 6) | static_cast<uint32_t>(v); bits += 6;
        if (bits >= 8) { bits -= 8; out.push_back(static_cast<char>((acc >> bits) & 0xff)); }
    }
    if (bits >= 6) return std::nullopt;  // a lone sextet cannot encode a byte
    return out;
}

// Follows binascii.b2a_qp(data, quotetabs=False, istext=True, header=False).
std::string quoted_printable(std::string_view d) {
    constexpr size_t kMax = 76;
    static const char* hex = "0123456789ABCDEF";
    size_t nl = d.find('\n');
    bool crlf = nl != std::string_view::npos && nl > 0 && d[nl - 1] == '\r';
    std::string o;
    size_t linelen = 0;
    auto soft_break = [&] { o.push_back('='); if (crlf) o.push_back('\r'); o.push_back('\n'); linelen = 0; };
    for (size_t in = 0; in < d.size();) {
        unsigned char c = static_cast<unsigned char>(d[in]);
        bool last = in + 1 == d.size();
        unsigned char nx = last ? 0 : static_cast<unsigned char>(d[in + 1]);
        bool encode = c > 126 || c == '=' ||
                      (c == '.' && linelen == 0 && (last || nx == '\n' || nx == '\r' || nx == 0)) ||
                      ((c == '\t' || c == ' ') && last) ||
                      (c < 33 && c != '\r' && c != '\n' && c != '\t' && c != ' ');
        if (encode) {
            if (linelen + 3 >= kMax) soft_break();
            o.push_back('='); o.push_back(hex[c >> 4]); o.push_back(hex[c & 15]);
            ++in; linelen += 3;
        } else if (c == '\n' || (!last && c == '\r' && nx == '\n')) {
            linelen = 0;
            if (!o.empty() && (o.back() == ' ' || o.back() == '\t')) {
                unsigned char ch = static_cast<unsigned char>(o.back());
                o.back() = '='; o.push_back(hex[ch >> 4]); o.push_back(hex[ch & 15]);
            }
            if (crlf) o.push_back('\r');
            o.push_back('\n');
            in += c == '\r' ? 2 : 1;
        } else {
            if (!last && nx != '\n' && linelen + 1 >= kMax) soft_break();
            ++linelen;
            o.push_back(static_cast<char>(c));
            ++in;
        }
    }
    return o;
}

std::string quoted_printable_decode(std::string_view t) {
    auto hv = [](char c) -> int {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        return -1;
    };
    std::string o;
    for (size_t i = 0; i < t.size(); ++i) {
        if (t[i] != '=') { o.push_back(t[i]); continue; }
        if (i + 1 < t.size() && t[i + 1] == '\n') { ++i; continue; }
        if (i + 2 < t.size() && t[i + 1] == '\r' && t[i + 2] == '\n') { i += 2; continue; }
        if (i + 2 < t.size() && hv(t[i + 1]) >= 0 && hv(t[i + 2]) >= 0) {
            o.push_back(static_cast<char>(hv(t[i + 1]) * 16 + hv(t[i + 2]))); i += 2; continue;
        }
        o.push_back('=');
    }
    return o;
}

bool valid_utf8(std::string_view s) {
    size_t i = 0, n = s.size();
    while (i < n) {
        unsigned char c = static_cast<unsigned char>(s[i]);
        if (c < 0x80) { ++i; continue; }
        int len; uint32_t cp;
        if (c >= 0xc2 && c <= 0xdf) { len = 1; cp = c & 0x1f; }
        else if (c >= 0xe0 && c <= 0xef) { len = 2; cp = c & 0x0f; }
        else if (c >= 0xf0 && c <= 0xf4) { len = 3; cp = c & 0x07; }
        else return false;
        if (i + static_cast<size_t>(len) >= n) return false;
        for (int k = 1; k <= len; ++k) {
            unsigned char cc = static_cast<unsigned char>(s[i + k]);
            if ((cc & 0xc0) != 0x80) return false;
            cp = (cp << 6) | (cc & 0x3f);
        }
        if ((len == 2 && cp < 0x800) || (len == 3 && (cp < 0x10000 || cp > 0x10ffff)) || (cp >= 0xd800 && cp <= 0xdfff))
            return false;
        i += static_cast<size_t>(len) + 1;
    }
    return true;
}

std::string ip_words_to_string(const std::vector<uint32_t>& w) {
    if (w.size() == 1) {
        unsigned char b[4]; std::memcpy(b, &w[0], 4);
        return fmt::format("{}.{}.{}.{}", b[0], b[1], b[2], b[3]);
    }
    unsigned char b[16] = {};
    std::memcpy(b, w.data(), std::min<size_t>(w.size(), 4) * 4);
    // Python ipaddress' compressed form: lowercase hextets, longest zero run (>1) as "::".
    unsigned h[8];
    for (int i = 0; i < 8; ++i) h[i] = (unsigned(b[2 * i]) << 8) | b[2 * i + 1];
    int best = -1, best_len = 0, cur = -1, cur_len = 0;
    for (int i = 0; i < 8; ++i) {
        if (h[i] == 0) {
            if (cur < 0) cur = i;
            if (++cur_len > best_len) { best_len = cur_len; best = cur; }
        } else { cur = -1; cur_len = 0; }
    }
    std::string s;
    if (best_len <= 1) best = -1;
    for (int i = 0; i < 8; ++i) {
        if (i == best) { s += "::"; i += best_len - 1; continue; }
        if (!s.empty() && s.back() != ':') s.push_back(':');
        s += fmt::format("{:x}", h[i]);
    }
    return s;
}

std::optional<std::vector<uint32_t>> ip_string_to_words(const std::string& t) {
    unsigned char b[16];
    if (inet_pton(AF_INET, t.c_str(), b) == 1) {
        uint32_t w; std::memcpy(&w, b, 4); return std::vector<uint32_t>{w};
    }
    if (inet_pton(AF_INET6, t.c_str(), b) == 1) {
        std::vector<uint32_t> v(4); std::memcpy(v.data(), b, 16); return v;
    }
    return std::nullopt;
}

}  // namespace img
