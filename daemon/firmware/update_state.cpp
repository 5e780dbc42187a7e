#include "daemon/firmware/update_state.h"

#include <array>
#include <initializer_list>
#include <utility>

namespace printlink::daemon {
namespace {

using S = UpdateState;

constexpr std::array<std::pair<UpdateState, std::string_view>, 12> kNames = {{
    {S::Idle, "idle"},
    {S::Available, "available"},
    {S::Requested, "requested"},
    {S::Scheduled, "scheduled"},
    {S::Downloading, "downloading"},
    {S::Verifying, "verifying"},
    {S::AwaitingConfirmation, "awaiting-confirmation"},
    {S::Staged, "staged"},
    {S::Draining, "draining"},
    {S::Installing, "installing"},
    {S::Restarting, "restarting"},
    {S::Failed, "failed"},
}};

bool one_of(UpdateState s, std::initializer_list<UpdateState> set) {
    for (UpdateState candidate : set) {
        if (s == candidate) return true;
    }
    return false;
}

}  // namespace

std::string_view to_string(UpdateState state) {
    for (const auto& [s, name] : kNames) {
        if (s == state) return name;
    }
    return "unknown";
}

std::optional<UpdateState> update_state_from_string(std::string_view text) {
    for (const auto& [s, name] : kNames) {
        if (name == text) return s;
    }
    return std::nullopt;
}

bool may_transition(UpdateState from, UpdateState to) {
    // Every state that still has something pending may fail; failing twice is not a move.
    if (to == S::Failed) return from != S::Failed && !one_of(from, {S::Idle, S::Available});
    switch (from) {
        case S::Idle:
        case S::Available:
            return one_of(to, {S::Idle, S::Available, S::Requested});
        case S::Failed:
            return one_of(to, {S::Idle, S::Available, S::Requested});
        case S::Requested:
            // Idle/Available: the target is already installed, nothing to do.
            return one_of(to, {S::Scheduled, S::Downloading, S::Idle, S::Available});
        case S::Scheduled:
            return to == S::Downloading;
        case S::Downloading:
            return to == S::Verifying;
        case S::Verifying:
            // Downloading again: a restart found the downloaded file gone and resumes.
            return one_of(to, {S::Staged, S::AwaitingConfirmation, S::Downloading});
        case S::AwaitingConfirmation:
            return to == S::Staged;
        case S::Staged:
            return to == S::Draining;
        case S::Draining:
            return to == S::Installing;
        case S::Installing:
            return to == S::Restarting;
        case S::Restarting:
            return one_of(to, {S::Idle, S::Available});
    }
    return false;
}

bool accepts_new_request(UpdateState state) {
    return is_at_rest(state);
}

bool is_cancellable(UpdateState state) {
    return one_of(state, {S::Requested, S::Scheduled, S::Downloading, S::Verifying,
                          S::AwaitingConfirmation, S::Staged, S::Draining});
}

bool is_withdrawable(UpdateState state) {
    return is_cancellable(state);
}

bool is_updating(UpdateState state) {
    return one_of(state, {S::Staged, S::Draining, S::Installing, S::Restarting});
}

bool is_at_rest(UpdateState state) {
    return one_of(state, {S::Idle, S::Available, S::Failed});
}

}  // namespace printlink::daemon
