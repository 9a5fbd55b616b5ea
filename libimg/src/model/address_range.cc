#include "img/model/address_range.h"

namespace img {

namespace {

// v in lowercase hex, at least 8 digits, at p; returns the end. (By hand rather than by fmt:
// the mems view formats one range per VMA, and a dump may have a hundred thousand.)
char* put_address(char* p, uint64_t v) {
    char digits[16];
    int n = 0;
    do {
        digits[n++] = "0123456789abcdef"[v & 15];
        v >>= 4;
    } while (v);
    for (int i = n; i < 8; ++i) *p++ = '0';
    while (n) *p++ = digits[--n];
    return p;
}

}  // namespace

void append_address_range(std::string& out, uint64_t start, uint64_t end) {
    char buf[40];
    char* p = put_address(buf, start);
    *p++ = '-';
    p = put_address(p, end);
    out.append(buf, p);
}

std::string address_range(uint64_t start, uint64_t end) {
    std::string s;
    append_address_range(s, start, end);
    return s;
}

std::string address_text(uint64_t addr) {
    char buf[20];
    return std::string(buf, put_address(buf, addr));
}

}  // namespace img
