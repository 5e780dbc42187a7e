#include "daemon/jobs/ticket_mapper.h"

#include "common/ipp/ipp_ptr.h"

#include <cstdio>
#include <string>

namespace printlink::daemon::jobs {
namespace {

ipp_attribute_t* job_attribute(ipp_t* job, const char* name) {
    for (ipp_attribute_t* a = ippFirstAttribute(job); a; a = ippNextAttribute(job)) {
        if (ippGetGroupTag(a) == IPP_TAG_JOB && ippGetName(a) && name == std::string(ippGetName(a)))
            return a;
    }
    return nullptr;
}

// One keyword (or name) value, as cupsd takes it.
void map_keyword(ipp_t* job, const char* name, LocalTicket& t) {
    ipp_attribute_t* a = job_attribute(job, name);
    if (!a) return;
    const ipp_tag_t tag = ippGetValueTag(a);
    if (ippGetCount(a) != 1 ||
        (tag != IPP_TAG_KEYWORD && tag != IPP_TAG_NAME && tag != IPP_TAG_NAMELANG)) {
        t.skipped.push_back(std::string(name) + ": not one keyword");
        return;
    }
    t.options.emplace_back(name, ippGetString(a, 0, nullptr));
}

void map_copies(ipp_t* job, LocalTicket& t) {
    ipp_attribute_t* a = job_attribute(job, "copies");
    if (!a) return;
    if (ippGetValueTag(a) != IPP_TAG_INTEGER || ippGetCount(a) != 1 || ippGetInteger(a, 0) < 1) {
        t.skipped.push_back("copies: not one positive integer");
        return;
    }
    t.options.emplace_back("copies", std::to_string(ippGetInteger(a, 0)));
}

// media, or media-col's media-size-name / media-size (PWG 5100.7): cupsd takes "media" as a
// size name or WxHmm.
void map_media(ipp_t* job, LocalTicket& t) {
    if (job_attribute(job, "media")) return map_keyword(job, "media", t);
    ipp_attribute_t* col = job_attribute(job, "media-col");
    if (!col) return;
    if (ippGetValueTag(col) != IPP_TAG_BEGIN_COLLECTION) {
        t.skipped.push_back("media-col: not a collection");
        return;
    }
    ipp_t* media = ippGetCollection(col, 0);
    if (auto size_name = ipp::get_string(media, "media-size-name")) {
        t.options.emplace_back("media", *size_name);
        return;
    }
    ipp_attribute_t* size = ippFindAttribute(media, "media-size", IPP_TAG_BEGIN_COLLECTION);
    if (!size) {
        t.skipped.push_back("media-col: neither media-size-name nor media-size");
        return;
    }
    ipp_t* dims = ippGetCollection(size, 0);
    auto x = ipp::get_integer(dims, "x-dimension");
    auto y = ipp::get_integer(dims, "y-dimension");
    if (!x || !y || *x <= 0 || *y <= 0) {
        t.skipped.push_back("media-col: media-size without dimensions");
        return;
    }
    // Hundredths of a millimetre -> the custom size form cupsd understands.
    char size_text[64];
    std::snprintf(size_text, sizeof size_text, "Custom.%gx%gmm", *x / 100.0, *y / 100.0);
    t.options.emplace_back("media", size_text);
}

void map_enum_list(ipp_t* job, const char* name, LocalTicket& t) {
    ipp_attribute_t* a = job_attribute(job, name);
    if (!a) return;
    if (ippGetValueTag(a) != IPP_TAG_ENUM) {
        t.skipped.push_back(std::string(name) + ": not enum values");
        return;
    }
    std::string values;
    for (int i = 0; i < ippGetCount(a); ++i) {
        if (i) values += ",";
        values += std::to_string(ippGetInteger(a, i));
    }
    t.options.emplace_back(name, values);
}

void map_page_ranges(ipp_t* job, LocalTicket& t) {
    ipp_attribute_t* a = job_attribute(job, "page-ranges");
    if (!a) return;
    if (ippGetValueTag(a) != IPP_TAG_RANGE) {
        t.skipped.push_back("page-ranges: not rangeOfInteger");
        return;
    }
    std::string ranges;
    for (int i = 0; i < ippGetCount(a); ++i) {
        int upper = 0;
        const int lower = ippGetRange(a, i, &upper);
        if (lower < 1 || upper < lower) {
            t.skipped.push_back("page-ranges: a range that is empty or starts before page 1");
            return;
        }
        if (i) ranges += ",";
        ranges += std::to_string(lower) + "-" + std::to_string(upper);
    }
    t.options.emplace_back("page-ranges", ranges);
}

}  // namespace

LocalTicket map_ticket(ipp_t* job, int cloud_job_id) {
    LocalTicket t;
    auto name = ipp::get_string(job, "job-name", IPP_TAG_JOB);
    t.job_name = name && !name->empty() ? *name : "cloud job " + std::to_string(cloud_job_id);
    t.user = ipp::get_string(job, "job-originating-user-name", IPP_TAG_JOB).value_or("");
    map_copies(job, t);
    map_media(job, t);
    map_keyword(job, "sides", t);
    map_keyword(job, "print-color-mode", t);
    map_enum_list(job, "print-quality", t);
    map_enum_list(job, "finishings", t);
    map_page_ranges(job, t);
    map_keyword(job, "output-bin", t);
    map_keyword(job, "multiple-document-handling", t);
    return t;
}

}  // namespace printlink::daemon::jobs
