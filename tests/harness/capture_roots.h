// The file-system roots a restore of the shared captures needs (as shared/criu-images/README.md
// describes them), unpacked once per test program, on first use, into a temporary directory.
#pragma once

#include <string>

namespace img::test {

// The root named `name`: "relocate" (relocate-host.root.tar.gz), "aufs" (aufs-container.root.tar.gz)
// or "host" (host-root.tar.gz, plus this machine's copies of the system files the host captures map,
// and a dev/null). Needs the shared corpus; fails the current test (and returns "") without it.
std::string capture_root(const std::string& name);

}  // namespace img::test
