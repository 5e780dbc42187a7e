#include "daemon/jobs/job_map.h"

#include "common/atomic_file.h"

#include <nlohmann/json.hpp>

#include <sys/stat.h>

#include <array>
#include <utility>

namespace printlink::daemon::jobs {
namespace {

constexpr std::array<std::pair<JobStep, const char*>, 6> kStepNames = {{
    {JobStep::Fetched, "fetched"},
    {JobStep::Acknowledged, "acknowledged"},
    {JobStep::LocalJobCreated, "local-job-created"},
    {JobStep::DocumentSent, "document-sent"},
    {JobStep::Printing, "printing"},
    {JobStep::ReportedFinal, "reported-final"},
}};

bool step_from_name(const std::string& name, JobStep& step) {
    for (const auto& [s, n] : kStepNames) {
        if (name == n) {
            step = s;
            return true;
        }
    }
    return false;
}

}  // namespace

const char* step_name(JobStep step) {
    for (const auto& [s, n] : kStepNames) {
        if (s == step) return n;
    }
    return "unknown";
}

Status JobMap::load() {
    struct stat st {};
    if (::stat(path_.c_str(), &st) != 0) {
        jobs_.clear();
        return Ok{};  // no file yet: no jobs
    }
    auto text = read_file(path_);
    if (!text) return text.error();
    return from_json(*text);
}

Status JobMap::save() const {
    return write_file_atomically(path_, to_json(), 0600);
}

JobRecord* JobMap::find(int cloud_job_id) {
    auto it = jobs_.find(cloud_job_id);
    return it == jobs_.end() ? nullptr : &it->second;
}

const JobRecord* JobMap::find(int cloud_job_id) const {
    auto it = jobs_.find(cloud_job_id);
    return it == jobs_.end() ? nullptr : &it->second;
}

void JobMap::put(const JobRecord& rec) {
    jobs_[rec.cloud_job_id] = rec;
}

void JobMap::remove(int cloud_job_id) {
    jobs_.erase(cloud_job_id);
}

std::vector<JobRecord> JobMap::records() const {
    std::vector<JobRecord> out;
    for (const auto& [id, rec] : jobs_) out.push_back(rec);
    return out;
}

std::vector<JobRecord> JobMap::active() const {
    std::vector<JobRecord> out;
    for (const auto& [id, rec] : jobs_) {
        if (rec.step != JobStep::ReportedFinal) out.push_back(rec);
    }
    return out;
}

std::string JobMap::to_json() const {
    nlohmann::json list = nlohmann::json::array();
    for (const auto& [id, rec] : jobs_) {
        list.push_back({{"cloud-job-id", rec.cloud_job_id},
                        {"job-uuid", rec.job_uuid},
                        {"job-name", rec.name},
                        {"step", step_name(rec.step)},
                        {"local-job-id", rec.local_job_id},
                        {"reported-state", rec.reported_state},
                        {"reported-impressions", rec.reported_impressions},
                        {"cloud-canceled", rec.cloud_canceled},
                        {"attempts", rec.attempts},
                        {"abort-reason", rec.abort_reason},
                        {"abort-message", rec.abort_message}});
    }
    return nlohmann::json{{"version", 1}, {"jobs", list}}.dump(2) + "\n";
}

Status JobMap::from_json(const std::string& text) {
    std::map<int, JobRecord> jobs;
    try {
        const auto doc = nlohmann::json::parse(text);
        for (const auto& j : doc.at("jobs")) {
            JobRecord rec;
            rec.cloud_job_id = j.at("cloud-job-id").get<int>();
            rec.job_uuid = j.at("job-uuid").get<std::string>();
            rec.name = j.at("job-name").get<std::string>();
            if (!step_from_name(j.at("step").get<std::string>(), rec.step)) {
                return make_error(ErrorCode::Protocol,
                                  path_ + ": unknown step '" + j.at("step").get<std::string>() +
                                      "' of cloud job " + std::to_string(rec.cloud_job_id));
            }
            rec.local_job_id = j.at("local-job-id").get<int>();
            rec.reported_state = j.at("reported-state").get<int>();
            rec.reported_impressions = j.at("reported-impressions").get<int>();
            rec.cloud_canceled = j.at("cloud-canceled").get<bool>();
            // Added later: a map written before has none of them.
            rec.attempts = j.value("attempts", 0);
            rec.abort_reason = j.value("abort-reason", std::string());
            rec.abort_message = j.value("abort-message", std::string());
            if (rec.cloud_job_id <= 0) {
                return make_error(ErrorCode::Protocol, path_ + ": a job without a cloud job id");
            }
            jobs[rec.cloud_job_id] = std::move(rec);
        }
    } catch (const nlohmann::json::exception& e) {
        return make_error(ErrorCode::Protocol, path_ + ": unreadable job map: " + e.what());
    }
    jobs_ = std::move(jobs);
    return Ok{};
}

}  // namespace printlink::daemon::jobs
