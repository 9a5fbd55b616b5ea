// The socket-level options of a socket (SOL_SOCKET: buffers, timeouts, priority, flags) as the
// SkOptsEntry of its files.img entry, read with getsockopt on img-dump's copy of the descriptor.
#pragma once

#include <string>

#include "img/support/error.h"

namespace cimg { class SkOptsEntry; }

namespace img {

// `what` names the socket in errors ("task 12: fd 4").
Expected<void> read_socket_options(int sock, const std::string& what, cimg::SkOptsEntry& opts);

}  // namespace img
