#include "cloud/ipp/requester.h"

#include "cloud/auth/password.h"
#include "cloud/store/printer_store.h"
#include "cloud/store/user_store.h"
#include "cloud_test_support.h"
#include "common/ipp/extension.h"

#include <glib.h>
#include <gtest/gtest.h>

namespace printlink::cloud {
namespace {

using testing::ScratchDir;

std::string basic(const std::string& credentials) {
    gchar* b64 =
        g_base64_encode(reinterpret_cast<const guchar*>(credentials.data()), credentials.size());
    std::string header = std::string("Basic ") + b64;
    g_free(b64);
    return header;
}

class RequesterTest : public ::testing::Test {
  protected:
    void SetUp() override {
        db_ = testing::open_database(dir_ / "cloud.db");
        auto printer = PrinterStore(*db_).add("Office", "PL-100", testing::kTestNow);
        ASSERT_TRUE(printer.ok());
        token_ = printer->token;
        ASSERT_TRUE(UserStore(*db_)
                        .add("olivia", Role::Operator, *hash_password("pw:with:colons", 1000), 0)
                        .ok());
    }
    Authentication check(const std::string& header) {
        auto result = authenticate(*db_, verified_, header.c_str(), testing::kTestNow);
        EXPECT_TRUE(result.ok());
        return result.ok() ? *result : Authentication{};
    }

    ScratchDir dir_;
    std::unique_ptr<Database> db_;
    VerifiedCredentials verified_;
    std::string token_;
};

// A verified password is not checked against its PBKDF2 hash again for a while; changing the
// password ends that at once, and a wrong password is never remembered.
TEST_F(RequesterTest, AVerifiedPasswordIsRememberedUntilItChanges) {
    EXPECT_FALSE(check(basic("olivia:wrong")).requester);
    EXPECT_FALSE(verified_.contains("x", "wrong", testing::kTestNow));
    ASSERT_TRUE(check(basic("olivia:pw:with:colons")).requester);
    auto user = UserStore(*db_).find_by_name("olivia");
    ASSERT_TRUE(user.ok() && user->has_value());
    EXPECT_TRUE(verified_.contains((*user)->password_hash, "pw:with:colons", testing::kTestNow));

    const std::string changed = *hash_password("new-password", 1000);
    ASSERT_TRUE(
        db_->exec(
               ("UPDATE users SET password_hash = '" + changed + "' WHERE name = 'olivia'").c_str())
            .ok());
    EXPECT_FALSE(check(basic("olivia:pw:with:colons")).requester);
    EXPECT_TRUE(check(basic("olivia:new-password")).requester);
}

TEST_F(RequesterTest, BearerIsTheDeviceAndBasicIsTheAccount) {
    auto device = check("Bearer " + token_);
    ASSERT_TRUE(device.requester);
    EXPECT_TRUE(device.requester->is_device());
    EXPECT_EQ(device.requester->device_printer_id, 1);
    EXPECT_EQ(device.requester->describe(), "the device of printer 1");

    auto account = check(basic("olivia:pw:with:colons"));
    ASSERT_TRUE(account.requester);
    EXPECT_FALSE(account.requester->is_device());
    EXPECT_EQ(account.requester->user_name, "olivia");
    EXPECT_EQ(account.requester->role, Role::Operator);
    EXPECT_TRUE(account.requester->is_staff());
}

TEST_F(RequesterTest, BadCredentialsNeverAuthenticateAndNeverLeakTheSecret) {
    auto none = authenticate(*db_, verified_, nullptr, testing::kTestNow);
    ASSERT_TRUE(none.ok());
    EXPECT_FALSE(none->requester);
    EXPECT_FALSE(none->credentials_sent);
    for (const std::string& header :
         {std::string("Bearer nope"), basic("olivia:s3cret-guess"), basic("nobody:pw"),
          std::string("Basic %%%"), basic("no-colon"), std::string("Digest x"),
          std::string("Bearer")}) {
        auto result = check(header);
        EXPECT_FALSE(result.requester) << header;
        EXPECT_TRUE(result.credentials_sent) << header;
        EXPECT_EQ(result.problem.find("s3cret"), std::string::npos) << "the password is not logged";
    }
}

TEST(OperationAccess, ProxyClientAndStaffOperationsAreSeparated) {
    Requester device;
    device.kind = Requester::Kind::Device;
    Requester user;
    user.user_name = "carol";
    Requester admin;
    admin.user_name = "ada";
    admin.role = Role::Admin;

    for (ipp_op_t op : {IPP_OP_FETCH_JOB, IPP_OP_ACKNOWLEDGE_JOB, IPP_OP_FETCH_DOCUMENT,
                        IPP_OP_UPDATE_JOB_STATUS, IPP_OP_UPDATE_ACTIVE_JOBS,
                        IPP_OP_DEREGISTER_OUTPUT_DEVICE, IPP_OP_UPDATE_OUTPUT_DEVICE_ATTRIBUTES,
                        IPP_OP_ACKNOWLEDGE_IDENTIFY_PRINTER, ipp::kOpAcknowledgeUpdateFirmware}) {
        EXPECT_FALSE(access_refusal(op, device)) << ippOpString(op);
        EXPECT_TRUE(access_refusal(op, admin)) << ippOpString(op);
    }
    for (ipp_op_t op : {IPP_OP_PRINT_JOB, IPP_OP_CREATE_JOB, IPP_OP_SEND_DOCUMENT,
                        IPP_OP_VALIDATE_JOB, IPP_OP_CANCEL_JOB, IPP_OP_IDENTIFY_PRINTER}) {
        EXPECT_TRUE(access_refusal(op, device)) << ippOpString(op);
        EXPECT_FALSE(access_refusal(op, user)) << ippOpString(op);
    }
    for (ipp_op_t op : {IPP_OP_GET_PRINTER_ATTRIBUTES, IPP_OP_GET_JOBS, IPP_OP_GET_JOB_ATTRIBUTES,
                        static_cast<ipp_op_t>(0x7777)}) {
        EXPECT_FALSE(access_refusal(op, device)) << ippOpString(op);
        EXPECT_FALSE(access_refusal(op, user)) << ippOpString(op);
    }
    EXPECT_TRUE(access_refusal(IPP_OP_GET_OUTPUT_DEVICE_ATTRIBUTES, user));
    EXPECT_FALSE(access_refusal(IPP_OP_GET_OUTPUT_DEVICE_ATTRIBUTES, admin));
}

TEST(OperationAccess, EveryoneMaySubscribeButNobodyWithoutCredentials) {
    Requester device;
    device.kind = Requester::Kind::Device;
    Requester user;
    user.user_name = "carol";
    Requester anonymous;
    anonymous.kind = Requester::Kind::Anonymous;
    // Which subscription each may act on is decided per subscription (subscription_access.h).
    for (ipp_op_t op :
         {IPP_OP_CREATE_PRINTER_SUBSCRIPTIONS, IPP_OP_CREATE_JOB_SUBSCRIPTIONS,
          IPP_OP_GET_SUBSCRIPTION_ATTRIBUTES, IPP_OP_GET_SUBSCRIPTIONS, IPP_OP_RENEW_SUBSCRIPTION,
          IPP_OP_CANCEL_SUBSCRIPTION, IPP_OP_GET_NOTIFICATIONS}) {
        EXPECT_FALSE(access_refusal(op, device)) << ippOpString(op);
        EXPECT_FALSE(access_refusal(op, user)) << ippOpString(op);
        EXPECT_TRUE(access_refusal(op, anonymous)) << ippOpString(op);
    }
}

}  // namespace
}  // namespace printlink::cloud
