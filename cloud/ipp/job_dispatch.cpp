#include "cloud/ipp/job_operations.h"

namespace printlink::cloud {

JobOperation find_job_operation(ipp_op_t op) {
    using namespace job_operations;
    switch (op) {
        case IPP_OP_PRINT_JOB:
            return &print_job;
        case IPP_OP_VALIDATE_JOB:
            return &validate_job;
        case IPP_OP_CREATE_JOB:
            return &create_job;
        case IPP_OP_SEND_DOCUMENT:
            return &send_document;
        case IPP_OP_GET_JOBS:
            return &get_jobs;
        case IPP_OP_GET_JOB_ATTRIBUTES:
            return &get_job_attributes;
        case IPP_OP_CANCEL_JOB:
            return &cancel_job;
        case IPP_OP_FETCH_JOB:
            return &fetch_job;
        case IPP_OP_ACKNOWLEDGE_JOB:
            return &acknowledge_job;
        case IPP_OP_FETCH_DOCUMENT:
            return &fetch_document;
        case IPP_OP_ACKNOWLEDGE_DOCUMENT:
            return &acknowledge_document;
        case IPP_OP_UPDATE_JOB_STATUS:
            return &update_job_status;
        case IPP_OP_UPDATE_DOCUMENT_STATUS:
            return &update_document_status;
        case IPP_OP_UPDATE_ACTIVE_JOBS:
            return &update_active_jobs;
        case IPP_OP_DEREGISTER_OUTPUT_DEVICE:
            return &deregister_output_device;
        default:
            return nullptr;
    }
}

}  // namespace printlink::cloud
