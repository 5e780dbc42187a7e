#include "cloud/ipp/subscription_access.h"

#include <gtest/gtest.h>

namespace printlink::cloud {
namespace {

Requester account(const std::string& name, Role role) {
    Requester r;
    r.user_name = name;
    r.role = role;
    return r;
}

Requester device_of(std::int64_t printer_id) {
    Requester r;
    r.kind = Requester::Kind::Device;
    r.device_printer_id = printer_id;
    return r;
}

Subscription subscription_of(SubscriberKind kind, const std::string& owner) {
    Subscription s;
    s.printer_id = 1;
    s.subscriber = kind;
    s.owner = owner;
    return s;
}

TEST(SubscriptionAccess, TheOwnerAndStaffMayActOnASubscription) {
    const Subscription carols = subscription_of(SubscriberKind::Account, "carol");
    EXPECT_TRUE(may_access_subscription(account("carol", Role::User), carols));
    EXPECT_FALSE(may_access_subscription(account("dave", Role::User), carols));
    EXPECT_TRUE(may_access_subscription(account("olivia", Role::Operator), carols));
    EXPECT_TRUE(may_access_subscription(account("ada", Role::Admin), carols));
    EXPECT_TRUE(owns_subscription(account("carol", Role::User), carols));
    EXPECT_FALSE(owns_subscription(account("olivia", Role::Operator), carols));
}

TEST(SubscriptionAccess, TheDeviceActsOnItsPrintersSubscriptionsAndOwnsItsOwn) {
    const Subscription carols = subscription_of(SubscriberKind::Account, "carol");
    const Subscription devices = subscription_of(SubscriberKind::Device, kDeviceSubscriberName);
    EXPECT_TRUE(may_access_subscription(device_of(1), carols));
    EXPECT_FALSE(may_access_subscription(device_of(2), devices)) << "another printer's";
    EXPECT_TRUE(owns_subscription(device_of(1), devices));
    EXPECT_FALSE(owns_subscription(device_of(1), carols));
    // A user who happens to be called like the device's marker owns nothing of the device.
    EXPECT_FALSE(owns_subscription(account(kDeviceSubscriberName, Role::User), devices));
    EXPECT_FALSE(may_access_subscription(account(kDeviceSubscriberName, Role::User), devices));
}

}  // namespace
}  // namespace printlink::cloud
