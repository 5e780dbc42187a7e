#include "daemon/registration/registration_store.h"

#include "tests/unit/daemon/firmware/fakes.h"

#include <gtest/gtest.h>

#include <sys/stat.h>

namespace printlink::daemon::registration {
namespace {

using printlink::testing::exists;
using printlink::testing::read_text;
using printlink::testing::ScratchDir;
using printlink::testing::write_text;

const RegistrationRecord kRegistered{"https://cloud.test",
                                     "urn:uuid:6a3c1e52-0c6e-4f36-9d6f-6f1f0d9f1c11",
                                     "ipps://cloud.test/ipp/print/12", "12"};

unsigned mode_of(const std::string& path) {
    struct stat st {};
    return ::stat(path.c_str(), &st) == 0 ? (st.st_mode & 0777) : 0;
}

TEST(RegistrationStore, NothingStoredIsNotRegistered) {
    ScratchDir dir;
    RegistrationStore store(dir / "state");
    auto loaded = store.load();
    ASSERT_TRUE(loaded.ok()) << loaded.error().message;
    EXPECT_FALSE(*loaded);
    EXPECT_EQ(store.load_token().error().code, ErrorCode::NotFound);
}

TEST(RegistrationStore, RecordAndTokenSurviveAsPrivateFiles) {
    ScratchDir dir;
    RegistrationStore store(dir / "state");
    ASSERT_TRUE(store.save_token("secret-token"));
    ASSERT_TRUE(store.save(kRegistered));

    RegistrationStore again(dir / "state");  // as after a restart
    auto loaded = again.load();
    ASSERT_TRUE(loaded.ok()) << loaded.error().message;
    ASSERT_TRUE(*loaded);
    EXPECT_EQ(**loaded, kRegistered);
    EXPECT_TRUE((*loaded)->has_printer());
    auto token = again.load_token();
    ASSERT_TRUE(token.ok());
    EXPECT_EQ(*token, "secret-token");
    EXPECT_EQ(again.token_path(), dir / "state/cloud-token");
    EXPECT_EQ(read_text(dir / "state/cloud-token"), "secret-token\n");
    EXPECT_EQ(mode_of(dir / "state/cloud-token"), 0600u);
    EXPECT_EQ(mode_of(dir / "state/registration.json"), 0600u);
}

TEST(RegistrationStore, ARecordWithoutAPrinterIsAnInterruptedRegistration) {
    ScratchDir dir;
    RegistrationStore store(dir.path());
    RegistrationRecord half{kRegistered.cloud_url, kRegistered.output_device_uuid, "", ""};
    ASSERT_TRUE(store.save(half));
    auto loaded = store.load();
    ASSERT_TRUE(loaded.ok() && *loaded);
    EXPECT_FALSE((*loaded)->has_printer());
}

TEST(RegistrationStore, ForgetRemovesBothAndToleratesMissingFiles) {
    ScratchDir dir;
    RegistrationStore store(dir.path());
    ASSERT_TRUE(store.save_token("t"));
    ASSERT_TRUE(store.save(kRegistered));
    ASSERT_TRUE(store.forget());
    EXPECT_FALSE(exists(dir / "registration.json"));
    EXPECT_FALSE(exists(dir / "cloud-token"));
    EXPECT_TRUE(store.forget());
    auto loaded = store.load();
    ASSERT_TRUE(loaded.ok());
    EXPECT_FALSE(*loaded);
}

TEST(RegistrationStore, AMalformedRecordIsAnErrorNamingTheFile) {
    ScratchDir dir;
    RegistrationStore store(dir.path());
    for (
        const char* text : {
            "not json",
            R"({"output_device_uuid":"urn:uuid:6a3c1e52-0c6e-4f36-9d6f-6f1f0d9f1c11"})",
            R"({"cloud_url":"https://c","output_device_uuid":"urn:uuid:nope"})",
            R"({"cloud_url":"https://c","output_device_uuid":"urn:uuid:6a3c1e52-0c6e-4f36-9d6f-6f1f0d9f1c11","printer_uri":"ipps://c/ipp/print/1"})",
            R"({"cloud_url":"https://c","output_device_uuid":"urn:uuid:6a3c1e52-0c6e-4f36-9d6f-6f1f0d9f1c11","printer_uri":"ftp://c/x","printer_id":"1"})",
            R"({"cloud_url":"https://c","output_device_uuid":"urn:uuid:6a3c1e52-0c6e-4f36-9d6f-6f1f0d9f1c11","printer_uri":"ipps://c/ipp/print/1","printer_id":"one"})",
        }) {
        write_text(dir / "registration.json", text);
        auto loaded = store.load();
        ASSERT_FALSE(loaded.ok()) << text;
        EXPECT_NE(loaded.error().message.find(dir / "registration.json"), std::string::npos);
    }
}

}  // namespace
}  // namespace printlink::daemon::registration
