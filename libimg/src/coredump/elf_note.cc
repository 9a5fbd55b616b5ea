#include "img/coredump/elf_note.h"

#include "le_bytes.h"

namespace img {

void ElfNotes::add(std::string_view owner, uint32_t type, std::string_view desc) {
    coredump_detail::LeBytes b;
    b.u32(static_cast<uint32_t>(owner.size() + 1));   // the name's size counts its NUL
    b.u32(static_cast<uint32_t>(desc.size()));
    b.u32(type);
    b.text(owner);
    b.u8(0);
    b.align(4);
    b.text(desc);
    b.align(4);
    bytes_ += b.str();
}

}  // namespace img
