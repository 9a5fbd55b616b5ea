#include "verify_test_support.h"

#include <gtest/gtest.h>

#include "img/convert/image_json.h"
#include "harness/fixtures.h"
#include "harness/paths.h"

namespace img::test {

std::string all_findings(const VerifyReport& r) {
    std::string s;
    for (const auto& f : r.findings) s += std::string(severity_name(f.severity)) + " [" + f.check + "] " + f.image + ": " + f.message + "\n";
    return s;
}

VerifyReport verify_no_root(const std::string& dir) {
    VerifyOptions o;
    o.check_root = false;
    auto r = verify_dump(dir, o);
    EXPECT_TRUE(r.ok()) << r.error().message();
    return r.ok() ? *r : VerifyReport{};
}

void edit_image(const std::string& path, const std::function<void(nlohmann::json&)>& change) {
    auto r = render_path(path);
    ASSERT_TRUE(r.ok) << r.error.message();
    auto j = nlohmann::json::parse(r.json);
    change(j);
    auto bytes = encode_image_json(j.dump(), base_name(path));
    ASSERT_TRUE(bytes.ok()) << bytes.error().message();
    spit(path, *bytes);
}

}  // namespace img::test
