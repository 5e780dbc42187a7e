// An IppTransport that records the requests it is given and answers with canned responses,
// so the cloud link's operations are tested without a server.
#pragma once

#include "daemon/cloud/ipp_transport.h"

#include <deque>
#include <optional>
#include <vector>

namespace printlink::testing {

class FakeTransport final : public daemon::cloud::IppTransport {
  public:
    Result<ipp::IppPtr> exchange(ipp::IppPtr request) override {
        requests.push_back(std::move(request));
        if (answers_.empty()) return make_error(ErrorCode::Network, "no answer queued");
        Answer next = std::move(answers_.front());
        answers_.pop_front();
        if (next.error) return *next.error;
        return std::move(next.response);
    }

    void answer(ipp::IppPtr response) { answers_.push_back({std::move(response), std::nullopt}); }
    void fail(Error error) { answers_.push_back({nullptr, std::move(error)}); }

    std::vector<ipp::IppPtr> requests;

  private:
    // Not a queue of Result: GCC 12 warns (wrongly) about moving those around.
    struct Answer {
        ipp::IppPtr response;
        std::optional<Error> error;
    };
    std::deque<Answer> answers_;
};

// A response to 'op' with the given status and the usual first two attributes.
inline ipp::IppPtr make_response(ipp_status_t status) {
    ipp::IppPtr response(ippNew());
    ippSetVersion(response.get(), 2, 0);
    ippSetStatusCode(response.get(), status);
    ippSetRequestId(response.get(), 1);
    ippAddString(response.get(), IPP_TAG_OPERATION, IPP_TAG_CHARSET, "attributes-charset", nullptr,
                 "utf-8");
    ippAddString(response.get(), IPP_TAG_OPERATION, IPP_TAG_LANGUAGE, "attributes-natural-language",
                 nullptr, "en");
    return response;
}

// The names of a message's attributes in one group, in order.
inline std::vector<std::string> names_in_group(ipp_t* msg, ipp_tag_t group) {
    std::vector<std::string> names;
    for (ipp_attribute_t* a = ippFirstAttribute(msg); a; a = ippNextAttribute(msg)) {
        if (ippGetGroupTag(a) == group && ippGetName(a)) names.emplace_back(ippGetName(a));
    }
    return names;
}

}  // namespace printlink::testing
