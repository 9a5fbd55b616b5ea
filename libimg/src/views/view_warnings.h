// The warnings a view adds to its table (Table::warnings) for what the dump lacks.
// Private to libimg/src/views.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "img/model/checkpoint.h"
#include "img/output/table.h"
#include "img/support/error.h"

namespace img {

// "IMAGE is missing: CONSEQUENCE" unless the task is a zombie (it has only a core: nothing else of
// it is ever missing). `consequence` says what the rows cannot show: "its descriptors are unknown".
Expected<void> warn_if_missing(Table& t, Checkpoint& d, uint32_t pid, const std::string& image, std::string_view consequence);
// The images of a task's descriptors: ids-PID.img, the fdinfo image it names, fs-PID.img.
Expected<void> warn_missing_fd_images(Table& t, Checkpoint& d, uint32_t pid);
// files.img missing or unreadable: the files are named by id only.
void warn_files(Table& t, Checkpoint& d);

}  // namespace img
