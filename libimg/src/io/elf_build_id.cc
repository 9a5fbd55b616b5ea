#include "img/io/elf_build_id.h"

#include <elf.h>

#include <cstring>

namespace img {

namespace {

template <class Ehdr, class Phdr, class Nhdr>
std::optional<std::vector<uint32_t>> scan(Bytes f) {
    if (f.size() < sizeof(Ehdr)) return std::nullopt;
    Ehdr eh;
    std::memcpy(&eh, f.data(), sizeof eh);
    if (eh.e_phentsize != sizeof(Phdr)) return std::nullopt;
    for (uint32_t i = 0; i < eh.e_phnum; ++i) {
        uint64_t off = static_cast<uint64_t>(eh.e_phoff) + static_cast<uint64_t>(i) * sizeof(Phdr);
        if (off > f.size() || f.size() - off < sizeof(Phdr)) return std::nullopt;
        Phdr ph;
        std::memcpy(&ph, f.data() + off, sizeof ph);
        if (ph.p_type != PT_NOTE) continue;
        uint64_t pos = ph.p_offset, end = static_cast<uint64_t>(ph.p_offset) + ph.p_filesz;
        if (end > f.size() || end < pos) continue;
        while (end - pos >= sizeof(Nhdr)) {
            Nhdr nh;
            std::memcpy(&nh, f.data() + pos, sizeof nh);
            uint64_t name_off = pos + sizeof nh;
            uint64_t desc_off = name_off + ((nh.n_namesz + 3ull) & ~3ull);
            uint64_t next = desc_off + ((nh.n_descsz + 3ull) & ~3ull);
            if (next > end || desc_off > end) break;
            if (nh.n_type == NT_GNU_BUILD_ID && nh.n_namesz == 4 && std::memcmp(f.data() + name_off, "GNU", 4) == 0) {
                std::vector<uint32_t> words((nh.n_descsz + 3) / 4, 0);
                std::memcpy(words.data(), f.data() + desc_off, nh.n_descsz);
                return words;
            }
            pos = next;
        }
    }
    return std::nullopt;
}

}  // namespace

std::optional<std::vector<uint32_t>> elf_build_id(Bytes f) {
    if (f.size() < EI_NIDENT || std::memcmp(f.data(), ELFMAG, SELFMAG) != 0) return std::nullopt;
    unsigned char cls = static_cast<unsigned char>(f[EI_CLASS]);
    if (cls == ELFCLASS64) return scan<Elf64_Ehdr, Elf64_Phdr, Elf64_Nhdr>(f);
    if (cls == ELFCLASS32) return scan<Elf32_Ehdr, Elf32_Phdr, Elf32_Nhdr>(f);
    return std::nullopt;
}

}  // namespace img
