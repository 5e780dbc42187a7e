// A RaucService that plays back what a test sets up, and records what was asked of it.
#pragma once

#include "tools/printlinkctl/installers/rauc_service.h"

#include <functional>
#include <string>
#include <vector>

namespace printlink::ctl::testing {

class FakeRauc final : public RaucService {
  public:
    // What the fake "service" does on each process_events() call after install_bundle().
    std::vector<std::function<void(const Events&)>> script;
    Status install_answer = Ok{};
    std::string last_error_text;
    std::string booted;
    std::vector<RaucSlot> slots;
    Status mark_answer = Ok{};
    std::int64_t* clock = nullptr;  // advanced by the wait of every process_events()

    std::vector<std::string> installed_paths;
    std::vector<std::pair<std::string, std::string>> marks;

    void set_events(Events events) override { events_ = std::move(events); }
    Status install_bundle(const std::string& path) override {
        installed_paths.push_back(path);
        return install_answer;
    }
    Status process_events(int timeout_ms) override {
        if (clock) *clock += timeout_ms;
        if (step_ < script.size()) script[step_++](events_);
        return Ok{};
    }
    Result<std::string> last_error() override { return last_error_text; }
    Result<std::string> boot_slot() override { return booted; }
    Result<std::vector<RaucSlot>> slot_status() override { return slots; }
    Result<std::string> mark(const std::string& state, const std::string& slot) override {
        marks.emplace_back(state, slot);
        if (!mark_answer) return mark_answer.error();
        return std::string("marked slot as good");
    }

  private:
    Events events_;
    std::size_t step_ = 0;
};

}  // namespace printlink::ctl::testing
