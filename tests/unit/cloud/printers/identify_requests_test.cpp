#include "cloud/printers/identify_requests.h"

#include "cloud/printers/identify_actions.h"
#include "cloud/printers/printer_snapshot.h"
#include "watched_printer_fixture.h"

#include <gtest/gtest.h>

namespace printlink::cloud {
namespace {

using testing::kTestNow;
using Strings = std::vector<std::string>;

class IdentifyRequestsTest : public testing::WatchedPrinterTest {
  protected:
    void SetUp() override {
        WatchedPrinterTest::SetUp();
        if (HasFatalFailure()) return;
        requests_ = std::make_unique<IdentifyRequests>(*db_, settings_, *events_);
    }

    IdentifyRequest request(Strings actions, const std::string& message) {
        return testing::identify_request_for(printer_, std::move(actions), message);
    }
    Strings reasons() {
        return (*load_printer_snapshot(*db_, settings_, printer_, kTestNow))->status.reasons;
    }

    std::unique_ptr<IdentifyRequests> requests_;
};

TEST_F(IdentifyRequestsTest, ARequestRaisesTheReasonAndWakesTheProxy) {
    ASSERT_TRUE(requests_->request(request({"flash"}, "here"), kTestNow + 1).ok());
    EXPECT_EQ(reasons(), Strings{kReasonIdentifyRequested});
    auto recorded = events();
    ASSERT_EQ(recorded.size(), 1u);
    EXPECT_EQ(recorded[0].subscribed_event, "printer-state-changed");
    EXPECT_EQ(recorded[0].state_reasons, Strings{kReasonIdentifyRequested});
    EXPECT_EQ(notified_, std::vector<std::int64_t>{subscription_});
}

TEST_F(IdentifyRequestsTest, OnlyTheLatestRequestIsKeptAndAcknowledged) {
    ASSERT_TRUE(requests_->request(request({"flash"}, "first"), kTestNow + 1).ok());
    ASSERT_TRUE(requests_->request(request({"sound", "display"}, "second"), kTestNow + 2).ok());
    EXPECT_EQ(events().size(), 1u) << "the reason did not change again";

    auto acknowledged = requests_->acknowledge(printer_, kTestNow + 3);
    ASSERT_TRUE(acknowledged.ok());
    EXPECT_EQ(acknowledged->actions, (Strings{"sound", "display"}));
    EXPECT_EQ(acknowledged->message, "second");
    EXPECT_EQ(reasons(), Strings{"none"});
    auto recorded = events();
    ASSERT_EQ(recorded.size(), 2u);
    EXPECT_EQ(recorded[1].state_reasons, Strings{"none"}) << "the reason's removal is an event";

    auto again = requests_->acknowledge(printer_, kTestNow + 4);
    ASSERT_FALSE(again.ok());
    EXPECT_EQ(again.error().code, ErrorCode::InvalidState);
    EXPECT_EQ(events().size(), 2u);
}

TEST_F(IdentifyRequestsTest, AnUnknownPrinterIsNotFound) {
    auto missing = request({"flash"}, "");
    missing.printer_id = printer_ + 10;
    EXPECT_EQ(requests_->request(missing, kTestNow).error().code, ErrorCode::NotFound);
    EXPECT_EQ(requests_->acknowledge(printer_ + 10, kTestNow).error().code, ErrorCode::NotFound);
}

}  // namespace
}  // namespace printlink::cloud
