#include "daemon/cloud/output_device_uuid.h"

#include <gtest/gtest.h>

#include <sys/stat.h>
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
    std::string file_content(const std::string& name = "output-device-uuids") const {
        std::ifstream in(dir_ + "/" + name);
        std::stringstream s;
        s << in.rdbuf();
        return s.str();
    }
    Result<std::string> uuid_for(const std::string& cloud) {
        return load_or_create_output_device_uuid(dir_, cloud);
    }
    std::string dir_;
};

constexpr const char* kCloud = "ipp://cloud.test/ipp/print/p1";

TEST_F(OutputDeviceUuid, IsMadeOnceAndKept) {
    auto first = uuid_for(kCloud);
    ASSERT_TRUE(first.ok()) << first.error().message;
    EXPECT_TRUE(is_uuid_urn(*first)) << *first;
    EXPECT_EQ(file_content(), "http://cloud.test:631 " + *first + "\n");
    auto again = uuid_for(kCloud);
    ASSERT_TRUE(again.ok());
    EXPECT_EQ(*again, *first);
}

TEST_F(OutputDeviceUuid, IsPrivateToTheDaemon) {
    ASSERT_TRUE(uuid_for(kCloud).ok());
    struct stat st {};
    ASSERT_EQ(::stat((dir_ + "/output-device-uuids").c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0600u);
}

TEST_F(OutputDeviceUuid, EachCloudHasItsOwnAndKeepsIt) {
    auto first = uuid_for(kCloud);
    auto other = uuid_for("ipps://elsewhere.test/ipp/print/9");
    ASSERT_TRUE(first.ok() && other.ok());
    EXPECT_NE(*first, *other);
    // Going back to the first cloud finds the first UUID, not a new one.
    auto back = uuid_for(kCloud);
    ASSERT_TRUE(back.ok());
    EXPECT_EQ(*back, *first);
}

TEST_F(OutputDeviceUuid, TheCloudsWebUrlAndItsPrinterUrisShareOne) {
    auto registered = uuid_for("http://Cloud.Test:631");
    auto printer = uuid_for("ipp://cloud.test/ipp/print/7");
    auto another_printer = uuid_for("http://cloud.test:631/ipp/print/8");
    ASSERT_TRUE(registered.ok() && printer.ok() && another_printer.ok());
    EXPECT_EQ(*printer, *registered);
    EXPECT_EQ(*another_printer, *registered);
    // Another port is another server.
    auto other_port = uuid_for("http://cloud.test:8631");
    ASSERT_TRUE(other_port.ok());
    EXPECT_NE(*other_port, *registered);
}

TEST_F(OutputDeviceUuid, TheUuidOfEarlierVersionsIsKeptAcrossAnUpdate) {
    const std::string old = "urn:uuid:6a3c1e52-0c6e-4f36-9d6f-6f1f0d9f1c11";
    std::ofstream(dir_ + "/output-device-uuid") << old << "\n" << kCloud << "\n";
    auto uuid = uuid_for(kCloud);
    ASSERT_TRUE(uuid.ok()) << uuid.error().message;
    EXPECT_EQ(*uuid, old);
    EXPECT_EQ(file_content(), "http://cloud.test:631 " + old + "\n");
    // It belonged to that cloud only.
    auto other = uuid_for("https://elsewhere.test");
    ASSERT_TRUE(other.ok());
    EXPECT_NE(*other, old);
}

TEST_F(OutputDeviceUuid, ACorruptLineIsDroppedAndTheOthersKept) {
    const std::string kept = "urn:uuid:6a3c1e52-0c6e-4f36-9d6f-6f1f0d9f1c11";
    std::ofstream(dir_ + "/output-device-uuids") << "http://cloud.test:631 urn:uuid:not-a-uuid\n"
                                                 << "https://other.test:443 " << kept << "\n";
    auto uuid = uuid_for(kCloud);
    ASSERT_TRUE(uuid.ok());
    EXPECT_TRUE(is_uuid_urn(*uuid));
    EXPECT_NE(*uuid, "urn:uuid:not-a-uuid");
    auto other = uuid_for("https://other.test/");
    ASSERT_TRUE(other.ok());
    EXPECT_EQ(*other, kept);
}

TEST_F(OutputDeviceUuid, CreatesTheStateDirectory) {
    auto uuid = load_or_create_output_device_uuid(dir_ + "/state", kCloud);
    ASSERT_TRUE(uuid.ok()) << uuid.error().message;
    EXPECT_TRUE(std::filesystem::exists(dir_ + "/state/output-device-uuids"));
}

TEST(UuidUrn, RecognisesOnlyCanonicalUuids) {
    EXPECT_TRUE(is_uuid_urn("urn:uuid:6a3c1e52-0c6e-4f36-9d6f-6f1f0d9f1c11"));
    EXPECT_FALSE(is_uuid_urn("6a3c1e52-0c6e-4f36-9d6f-6f1f0d9f1c11"));
    EXPECT_FALSE(is_uuid_urn("urn:uuid:6a3c1e52"));
    EXPECT_FALSE(is_uuid_urn(""));
}

}  // namespace
}  // namespace printlink::daemon::cloud
