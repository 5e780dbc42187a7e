#include "cloud/printers/printer_change.h"

#include "cloud/printers/identify_actions.h"
#include "cloud/store/identify_request_store.h"
#include "watched_printer_fixture.h"

#include <gtest/gtest.h>

namespace printlink::cloud {
namespace {

using testing::kTestNow;
using Strings = std::vector<std::string>;

class PrinterChangeTest : public testing::WatchedPrinterTest {
  protected:
    // A pending identify request adds a reason to the printer's composite status.
    Status request_identify() {
        return IdentifyRequestStore(*db_).replace(
            testing::identify_request_for(printer_, {"flash"}));
    }
    bool pending() { return IdentifyRequestStore(*db_).pending(printer_)->has_value(); }
};

TEST_F(PrinterChangeTest, CommitRecordsWhatChangedSinceBegin) {
    PrinterChange change(*db_, settings_, *events_, printer_, kTestNow + 1);
    ASSERT_TRUE(change.begin().ok());
    EXPECT_EQ(change.before().status.reasons, Strings{"none"});
    ASSERT_TRUE(request_identify().ok());
    ASSERT_TRUE(change.commit().ok());

    EXPECT_TRUE(pending());
    auto recorded = events();
    ASSERT_EQ(recorded.size(), 1u);
    EXPECT_EQ(recorded[0].subscribed_event, "printer-state-changed");
    EXPECT_EQ(recorded[0].state_reasons, Strings{kReasonIdentifyRequested});
    EXPECT_EQ(recorded[0].created_at, kTestNow + 1);
    EXPECT_EQ(notified_, std::vector<std::int64_t>{subscription_});
}

TEST_F(PrinterChangeTest, NothingChangedRecordsNoEvent) {
    PrinterChange change(*db_, settings_, *events_, printer_, kTestNow + 1);
    ASSERT_TRUE(change.begin().ok());
    ASSERT_TRUE(change.commit().ok());
    EXPECT_TRUE(events().empty());
}

TEST_F(PrinterChangeTest, AChangeNotCommittedRollsBack) {
    {
        PrinterChange change(*db_, settings_, *events_, printer_, kTestNow + 1);
        ASSERT_TRUE(change.begin().ok());
        ASSERT_TRUE(request_identify().ok());
    }
    EXPECT_FALSE(pending());
    EXPECT_TRUE(events().empty());
    EXPECT_TRUE(notified_.empty());
}

TEST_F(PrinterChangeTest, AnUnknownPrinterIsNotFound) {
    PrinterChange change(*db_, settings_, *events_, printer_ + 10, kTestNow);
    auto begun = change.begin();
    ASSERT_FALSE(begun.ok());
    EXPECT_EQ(begun.error().code, ErrorCode::NotFound);
}

}  // namespace
}  // namespace printlink::cloud
