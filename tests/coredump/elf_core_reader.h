// ElfCoreReader: the tests' own reading of a core file (ELF header, program headers, notes), so
// that what img-coredump writes is checked against the ELF layout, not against itself.
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace img::test {

struct ElfPhdr {
    uint32_t type = 0, flags = 0;
    uint64_t offset = 0, vaddr = 0, filesz = 0, memsz = 0, align = 0;
};

struct ElfNote {
    std::string owner;
    uint32_t type = 0;
    std::string desc;
};

template <class T>
T le(std::string_view s, size_t at) {
    T v{};
    if (at + sizeof(T) <= s.size()) std::memcpy(&v, s.data() + at, sizeof(T));
    return v;
}

struct ElfCoreReader {
    std::string bytes;
    std::vector<ElfPhdr> phdrs;

    explicit ElfCoreReader(std::string b) : bytes(std::move(b)) {
        if (bytes.size() < 64) return;
        uint64_t phoff = le<uint64_t>(bytes, 32);
        uint32_t phnum = le<uint16_t>(bytes, 56);
        for (uint32_t i = 0; i < phnum && phoff + (i + 1) * 56 <= bytes.size(); ++i) {
            size_t at = phoff + i * 56;
            phdrs.push_back(ElfPhdr{le<uint32_t>(bytes, at), le<uint32_t>(bytes, at + 4), le<uint64_t>(bytes, at + 8),
                                    le<uint64_t>(bytes, at + 16), le<uint64_t>(bytes, at + 32),
                                    le<uint64_t>(bytes, at + 40), le<uint64_t>(bytes, at + 48)});
        }
    }
    std::vector<ElfNote> notes() const {
        std::vector<ElfNote> out;
        for (const auto& p : phdrs) {
            if (p.type != 4) continue;
            for (uint64_t at = p.offset; at + 12 <= p.offset + p.filesz;) {
                uint32_t namesz = le<uint32_t>(bytes, at), descsz = le<uint32_t>(bytes, at + 4);
                ElfNote n;
                n.type = le<uint32_t>(bytes, at + 8);
                n.owner = bytes.substr(at + 12, namesz ? namesz - 1 : 0);
                uint64_t d = at + 12 + (namesz + 3) / 4 * 4;
                n.desc = bytes.substr(d, descsz);
                out.push_back(n);
                at = d + (descsz + 3) / 4 * 4;
            }
        }
        return out;
    }
    std::vector<ElfPhdr> loads() const {
        std::vector<ElfPhdr> out;
        for (const auto& p : phdrs) if (p.type == 1) out.push_back(p);
        return out;
    }
};

}  // namespace img::test
