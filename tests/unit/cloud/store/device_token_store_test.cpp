#include "cloud/store/device_token_store.h"

#include "cloud/auth/secret_token.h"
#include "cloud/registration/token_revocation.h"
#include "cloud/store/printer_store.h"
#include "cloud/store/user_store.h"
#include "cloud_test_support.h"

#include <gtest/gtest.h>

namespace printlink::cloud {
namespace {

using testing::kTestNow;
using testing::ScratchDir;

class DeviceTokenStoreTest : public ::testing::Test {
  protected:
    void SetUp() override {
        db_ = testing::open_database(dir_ / "cloud.db");
        ASSERT_TRUE(db_);
        owner_ = *UserStore(*db_).add("alice", Role::Admin, "x", 0);
    }
    ScratchDir dir_;
    std::unique_ptr<Database> db_;
    std::int64_t owner_ = 0;
};

TEST_F(DeviceTokenStoreTest, OnlyTheDigestIsStored) {
    auto id = DeviceTokenStore(*db_).add("secret-token", owner_, "Office", kTestNow);
    ASSERT_TRUE(id.ok());
    auto stmt = db_->prepare("SELECT token_sha256 FROM device_tokens");
    ASSERT_TRUE(stmt.ok());
    ASSERT_TRUE(*stmt->step());
    EXPECT_EQ(stmt->column_text(0), token_digest("secret-token"));
    auto found = DeviceTokenStore(*db_).find_active("secret-token");
    ASSERT_TRUE(found.ok() && *found);
    EXPECT_EQ((*found)->owner_user_id, owner_);
    EXPECT_FALSE(*DeviceTokenStore(*db_).find_active("other-token"));
    EXPECT_FALSE(*DeviceTokenStore(*db_).find_active(""));
}

TEST_F(DeviceTokenStoreTest, BindingMakesItThePrintersTokenAndRevocationEndsBoth) {
    auto printer = PrinterStore(*db_).add("Office", "PL-100", kTestNow);
    ASSERT_TRUE(printer.ok());
    const std::int64_t printer_id = printer->printer.id;
    ASSERT_TRUE(PrinterStore(*db_).set_output_device_uuid(printer_id, "urn:uuid:x").ok());
    auto id = DeviceTokenStore(*db_).add("grant-token", owner_, "", kTestNow);
    ASSERT_TRUE(id.ok());
    ASSERT_TRUE(DeviceTokenStore(*db_).bind(*id, "grant-token", printer_id).ok());

    EXPECT_EQ(*PrinterStore(*db_).find_by_token("grant-token"), printer_id);
    EXPECT_FALSE(*PrinterStore(*db_).find_by_token(printer->token));  // replaced
    EXPECT_EQ((*DeviceTokenStore(*db_).find_active("grant-token"))->printer_id, printer_id);
    EXPECT_EQ(*DeviceTokenStore(*db_).find_registered_printer(owner_, "urn:uuid:x"), printer_id);
    EXPECT_FALSE(*DeviceTokenStore(*db_).find_registered_printer(owner_ + 1, "urn:uuid:x"));

    EXPECT_EQ(*revocation_counter(*db_), 0);
    ASSERT_TRUE(revoke_printer_credentials(*db_, printer_id, kTestNow + 1).ok());
    EXPECT_FALSE(*PrinterStore(*db_).find_by_token("grant-token"));
    EXPECT_FALSE(*DeviceTokenStore(*db_).find_active("grant-token"));
    EXPECT_EQ(*revocation_counter(*db_), 1);
    // The device may enrol again later and gets the same printer back.
    EXPECT_EQ(*DeviceTokenStore(*db_).find_registered_printer(owner_, "urn:uuid:x"), printer_id);
}

TEST_F(DeviceTokenStoreTest, RevokingAnAddPrinterTokenWorksToo) {
    auto printer = PrinterStore(*db_).add("Office", "PL-100", kTestNow);
    ASSERT_TRUE(printer.ok());
    ASSERT_TRUE(revoke_printer_credentials(*db_, printer->printer.id, kTestNow).ok());
    EXPECT_FALSE(*PrinterStore(*db_).find_by_token(printer->token));
}

TEST_F(DeviceTokenStoreTest, RevokingAnUnknownPrinterIsNotFound) {
    auto s = revoke_printer_credentials(*db_, 42, kTestNow);
    ASSERT_FALSE(s.ok());
    EXPECT_EQ(s.error().code, ErrorCode::NotFound);
    EXPECT_EQ(*revocation_counter(*db_), 0);
}

}  // namespace
}  // namespace printlink::cloud
