#include "cloud/printers/identify_actions.h"

#include "common/ipp/ipp_ptr.h"

#include <gtest/gtest.h>

namespace printlink::cloud {
namespace {

using Strings = std::vector<std::string>;

void add_keywords(ipp_t* ipp, const char* name, std::vector<const char*> values) {
    ippAddStrings(ipp, IPP_TAG_PRINTER, IPP_TAG_KEYWORD, name, static_cast<int>(values.size()),
                  nullptr, values.data());
}

TEST(IdentifyActions, WithoutTheDevicesWordEveryActionIsOfferedAndFlashIsTheDefault) {
    ipp::IppPtr device(ippNew());
    auto actions = identify_actions_of(device.get());
    EXPECT_EQ(actions.supported, (Strings{"display", "flash", "sound", "speak"}));
    EXPECT_EQ(actions.defaults, Strings{"flash"});
    EXPECT_EQ(identify_actions_of(nullptr).supported.size(), 4u);
}

TEST(IdentifyActions, TheDevicesValuesWin) {
    ipp::IppPtr device(ippNew());
    add_keywords(device.get(), "identify-actions-supported", {"sound", "display"});
    add_keywords(device.get(), "identify-actions-default", {"display", "speak"});
    auto actions = identify_actions_of(device.get());
    EXPECT_EQ(actions.supported, (Strings{"sound", "display"}));
    EXPECT_EQ(actions.defaults, Strings{"display"}) << "a default it cannot do is dropped";

    ipp::IppPtr no_flash(ippNew());
    add_keywords(no_flash.get(), "identify-actions-supported", {"sound", "display"});
    EXPECT_EQ(identify_actions_of(no_flash.get()).defaults, Strings{"sound"})
        << "no default reported and no flash: the first supported";
}

TEST(IdentifyActions, ChoosingSortsWhatTheClientAsked) {
    IdentifyActions actions{{"flash", "sound"}, {"flash"}};
    auto mixed = choose_identify_actions({"sound", "speak", "sound", "flash"}, actions);
    EXPECT_EQ(mixed.accepted, (Strings{"sound", "flash"}));
    EXPECT_EQ(mixed.unsupported, Strings{"speak"});
    auto none = choose_identify_actions({"speak"}, actions);
    EXPECT_TRUE(none.accepted.empty());
    EXPECT_EQ(choose_identify_actions({}, actions).accepted, Strings{"flash"})
        << "no identify-actions: the default";
}

}  // namespace
}  // namespace printlink::cloud
