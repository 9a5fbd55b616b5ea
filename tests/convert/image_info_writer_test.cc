// The JSON of image_info (img/convert/image_info_writer.h) on real captured images: every key
// img-show --info --json prints, and the header names.
#include <gtest/gtest.h>

#include <sys/stat.h>

#include <nlohmann/json.hpp>

#include "harness/paths.h"
#include "img/convert/image_info_writer.h"
#include "img/convert/image_json.h"
#include "img/io/image_reader.h"
#include "img/output/json_writer.h"

namespace {

using json = nlohmann::json;
using namespace img::test;

json info_json(const std::string& path) {
    auto reader = img::ImageReader::open(path);
    EXPECT_TRUE(reader.ok()) << reader.error().message();
    if (!reader) return {};
    auto info = img::image_info(*reader);
    EXPECT_TRUE(info.ok()) << info.error().message();
    if (!info) return {};
    img::JsonWriter w(nullptr);
    img::write(*info, "core.img", w);
    w.flush();
    return json::parse(w.str());
}

TEST(ImageInfoWriter, CoreImageOfACapture) {
    std::string path = captured_dir() + "/sleep/core-13181.img";
    auto j = info_json(path);
    EXPECT_EQ(j["file"], "core.img");
    EXPECT_EQ(j["magic"], "CORE");
    EXPECT_EQ(j["magic_value"], "0x55053847");
    EXPECT_EQ(j["header"], "common");
    EXPECT_EQ(j["entries"], 1);
    struct stat st {};
    ASSERT_EQ(::stat(path.c_str(), &st), 0);
    EXPECT_EQ(j["file_bytes"], static_cast<uint64_t>(st.st_size));
    EXPECT_EQ(j["payload_bytes"], 0);
    EXPECT_GT(j["message_bytes"].get<uint64_t>(), 0u);
    EXPECT_LT(j["message_bytes"].get<uint64_t>(), static_cast<uint64_t>(st.st_size));
    EXPECT_EQ(j.size(), 8u);
}

TEST(ImageInfoWriter, HeaderNames) {
    auto inv = info_json(captured_dir() + "/sleep/inventory.img");
    EXPECT_EQ(inv["magic"], "INVENTORY");
    EXPECT_EQ(inv["magic_value"], "0x58313116");
    EXPECT_EQ(inv["header"], "inventory");
    EXPECT_STREQ(img::header_class_name(img::HeaderClass::Service), "service");
    EXPECT_STREQ(img::header_class_name(img::HeaderClass::Raw), "single-magic (V1)");
}

}  // namespace
