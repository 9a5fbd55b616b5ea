// A file object's label for people: FileTable::describe, with memfd objects named after
// their memfd inode ("memfd:name"), and a stand-in when files.img cannot be read.
#pragma once

#include <cstdint>
#include <string>

#include "img/model/checkpoint.h"

namespace img {

// The file's label; "TYPE.ID" when the file table cannot be read.
std::string file_label(Checkpoint& d, const cimg::FileEntry& f);
// The label of file `id`; "file ID" when the file table cannot be read, "missing file id ID" when
// the table has no such file.
std::string file_label(Checkpoint& d, uint32_t id);
void append_file_label(std::string& out, Checkpoint& d, uint32_t id);   // the same, appended

}  // namespace img
