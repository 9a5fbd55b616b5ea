// The JSON of views run on a dump (img/views/views_document.h), on the real sleep capture:
// the dump, each view's table, and a view that failed in its place.
#include <gtest/gtest.h>

#include "harness/schema.h"   // before any generated header: undoes <signal.h>'s sigmask macro

#include <nlohmann/json.hpp>

#include "harness/paths.h"
#include "img/model/checkpoint.h"
#include "img/output/json_writer.h"
#include "img/views/views.h"
#include "img/views/views_document.h"

namespace {

using json = nlohmann::json;

TEST(ViewsDocument, TablesAndAnErrorOfACapture) {
    std::string dir = img::test::captured_dir() + "/sleep";
    auto dump = img::Checkpoint::open(dir);
    ASSERT_TRUE(dump.ok()) << dump.error().message();
    const img::ViewInfo* ps = img::find_view("ps");
    const img::ViewInfo* fds = img::find_view("fds");
    ASSERT_TRUE(ps && fds);

    img::JsonWriter w(nullptr);
    img::begin_views_document(dir + "/\xff", w);
    img::write(*ps, ps->fn(**dump, {}), w);
    img::Expected<img::Table> failed = img::make_error("no \xfe fds today");
    img::write(*fds, failed, w);
    img::end_views_document(w);
    w.flush();
    auto j = json::parse(w.str());

    EXPECT_EQ(j["dump"], dir + "/\\xff") << "bytes that are not UTF-8 shown escaped";
    ASSERT_EQ(j["views"].size(), 2u);
    const auto& table = j["views"][0];
    EXPECT_EQ(table["view"], "ps");
    ASSERT_EQ(table["rows"].size(), 1u);
    EXPECT_EQ(table["rows"][0]["pid"], 13181);
    EXPECT_EQ(j["views"][1], json::parse(R"({"view": "fds", "error": "no \\xfe fds today"})"));
}

}  // namespace
