// The job ticket of a cloud job (the Job Template attributes Fetch-Job returns, INFRA §5.6)
// as the options and the job name and user of a local CUPS job. Pure: unit-tested without
// a cupsd. Attributes the local queue would not understand are left out, each with a reason.
#pragma once

#include <cups/ipp.h>

#include <string>
#include <utility>
#include <vector>

namespace printlink::daemon::jobs {

struct LocalTicket {
    std::string job_name;  // job-name, else "cloud job <id>"
    std::string user;      // job-originating-user-name, for the local job's record
    std::vector<std::pair<std::string, std::string>> options;  // CUPS option name = value
    std::vector<std::string> skipped;                          // "<attribute>: why", for the log
};

// 'job' is the Fetch-Job response; its Job Attributes group is read.
LocalTicket map_ticket(ipp_t* job, int cloud_job_id);

}  // namespace printlink::daemon::jobs
