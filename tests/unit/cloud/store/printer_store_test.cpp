#include "cloud/store/printer_store.h"

#include "cloud/auth/secret_token.h"
#include "cloud_test_support.h"

#include <gtest/gtest.h>

namespace printlink::cloud {
namespace {

using testing::kTestNow;
using testing::ScratchDir;

TEST(PrinterStore, AddGivesIdTokenAndUuid) {
    ScratchDir dir;
    auto db = testing::open_database(dir / "cloud.db");
    PrinterStore printers(*db);
    auto a = printers.add("Office", "PL-100", kTestNow);
    auto b = printers.add("Lab", "PL-200", kTestNow + 1);
    ASSERT_TRUE(a.ok() && b.ok());
    EXPECT_EQ(a->printer.id, 1);
    EXPECT_EQ(b->printer.id, 2);
    EXPECT_EQ(a->token.size(), 64u);
    EXPECT_NE(a->token, b->token);
    EXPECT_EQ(a->printer.uuid.rfind("urn:uuid:", 0), 0u);
    EXPECT_EQ(a->printer.uuid.size(), 45u);  // uri(45), RFC 4122 form
    EXPECT_EQ(a->printer.uuid[23], '4');     // version 4
}

TEST(PrinterStore, RefusesEmptyNameOrModel) {
    ScratchDir dir;
    auto db = testing::open_database(dir / "cloud.db");
    EXPECT_FALSE(PrinterStore(*db).add("", "PL-100", kTestNow).ok());
    EXPECT_FALSE(PrinterStore(*db).add("Office", "", kTestNow).ok());
}

TEST(PrinterStore, TokenFindsItsPrinterAndOnlyItsDigestIsStored) {
    ScratchDir dir;
    auto db = testing::open_database(dir / "cloud.db");
    PrinterStore printers(*db);
    auto a = printers.add("Office", "PL-100", kTestNow);
    auto b = printers.add("Lab", "PL-200", kTestNow);
    EXPECT_EQ(printers.find_by_token(a->token)->value_or(0), a->printer.id);
    EXPECT_EQ(printers.find_by_token(b->token)->value_or(0), b->printer.id);
    EXPECT_FALSE(printers.find_by_token("wrong")->has_value());
    EXPECT_FALSE(printers.find_by_token("")->has_value());

    auto stmt = db->prepare("SELECT token_sha256 FROM printers WHERE id = 1");
    ASSERT_TRUE(stmt.ok() && *stmt->step());
    EXPECT_EQ(stmt->column_text(0), token_digest(a->token));
    EXPECT_NE(stmt->column_text(0), a->token);
}

TEST(PrinterStore, SurvivesARestart) {
    ScratchDir dir;
    std::string token;
    {
        auto db = testing::open_database(dir / "cloud.db");
        PrinterStore printers(*db);
        auto added = printers.add("Office <1>", "PL-100", kTestNow);
        token = added->token;
        ASSERT_TRUE(printers.set_output_device_uuid(1, "urn:uuid:abc").ok());
        ASSERT_TRUE(printers.mark_seen(1, kTestNow + 5).ok());
    }
    auto db = testing::open_database(dir / "cloud.db");
    PrinterStore printers(*db);
    auto found = printers.find(1);
    ASSERT_TRUE(found.ok() && found->has_value());
    EXPECT_EQ((*found)->name, "Office <1>");
    EXPECT_EQ((*found)->model, "PL-100");
    EXPECT_EQ((*found)->registered_at, kTestNow);
    EXPECT_EQ((*found)->output_device_uuid, "urn:uuid:abc");
    EXPECT_EQ((*found)->last_seen_at, kTestNow + 5);
    EXPECT_EQ(printers.find_by_token(token)->value_or(0), 1);
    EXPECT_EQ(printers.list()->size(), 1u);
    EXPECT_FALSE(printers.find(2)->has_value());
}

}  // namespace
}  // namespace printlink::cloud
