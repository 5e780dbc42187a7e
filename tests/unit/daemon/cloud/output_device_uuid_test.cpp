#include "daemon/cloud/output_device_uuid.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace printlink::daemon::cloud {
namespace {

class OutputDeviceUuid : public ::testing::Test {
  protected:
    void SetUp() override {
        const char* base = std::getenv("TMPDIR");
        std::string tmpl = std::string(base && *base ? base : "/tmp") + "/printlink-uuid-XXXXXX";
        ASSERT_NE(::mkdtemp(tmpl.data()), nullptr);
        dir_ = tmpl;
    }
    void TearDown() override {
        std::error_code ignored;
        std::filesystem::remove_all(dir_, ignored);
    }
    std::string file_content() const {
        std::ifstream in(dir_ + "/output-device-uuid");
        std::stringstream s;
        s << in.rdbuf();
        return s.str();
    }
    std::string dir_;
};

constexpr const char* kCloud = "ipp://cloud.test/ipp/print/p1";

TEST_F(OutputDeviceUuid, IsMadeOnceAndKept) {
    auto first = load_or_create_output_device_uuid(dir_, kCloud);
    ASSERT_TRUE(first.ok()) << first.error().message;
    EXPECT_TRUE(is_uuid_urn(*first)) << *first;
    EXPECT_EQ(file_content(), *first + "\n" + kCloud + "\n");
    auto again = load_or_create_output_device_uuid(dir_, kCloud);
    ASSERT_TRUE(again.ok());
    EXPECT_EQ(*again, *first);
}

TEST_F(OutputDeviceUuid, ADifferentCloudGetsADifferentUuid) {
    auto first = load_or_create_output_device_uuid(dir_, kCloud);
    auto other = load_or_create_output_device_uuid(dir_, "ipps://elsewhere.test/ipp/print/9");
    ASSERT_TRUE(first.ok() && other.ok());
    EXPECT_NE(*first, *other);
}

TEST_F(OutputDeviceUuid, ACorruptFileIsReplaced) {
    std::ofstream(dir_ + "/output-device-uuid") << "urn:uuid:not-a-uuid\n" << kCloud << "\n";
    auto uuid = load_or_create_output_device_uuid(dir_, kCloud);
    ASSERT_TRUE(uuid.ok());
    EXPECT_TRUE(is_uuid_urn(*uuid));
}

TEST_F(OutputDeviceUuid, CreatesTheStateDirectory) {
    auto uuid = load_or_create_output_device_uuid(dir_ + "/state", kCloud);
    ASSERT_TRUE(uuid.ok()) << uuid.error().message;
    EXPECT_TRUE(std::filesystem::exists(dir_ + "/state/output-device-uuid"));
}

TEST(UuidUrn, RecognisesOnlyCanonicalUuids) {
    EXPECT_TRUE(is_uuid_urn("urn:uuid:6a3c1e52-0c6e-4f36-9d6f-6f1f0d9f1c11"));
    EXPECT_FALSE(is_uuid_urn("6a3c1e52-0c6e-4f36-9d6f-6f1f0d9f1c11"));
    EXPECT_FALSE(is_uuid_urn("urn:uuid:6a3c1e52"));
    EXPECT_FALSE(is_uuid_urn(""));
}

}  // namespace
}  // namespace printlink::daemon::cloud
