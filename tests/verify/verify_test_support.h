// What the verify suite's tests share: a report as text for failure messages, verify_dump
// without the restore checks, and an image rewritten through its JSON to damage a copy.
#pragma once

#include <functional>
#include <string>

#include <nlohmann/json.hpp>

#include "img/verify/verify.h"

namespace img::test {

// Every finding, one a line: "error [check] image: message".
std::string all_findings(const VerifyReport& r);

// Structure, consistency and pages alone (no root); a failure to run is a test failure.
VerifyReport verify_no_root(const std::string& dir);

// Rewrites an image through crit's JSON shape: our decoder, `change`, our encoder.
void edit_image(const std::string& path, const std::function<void(nlohmann::json&)>& change);

}  // namespace img::test
