// Fetch-Document's HTTP answer: the IPP response, then the spooled document, read from its
// file one chunk at a time as libsoup finishes writing the previous one. Neither the whole
// document nor a mapping of it is ever held, so serving a 200 MB document costs one chunk of
// memory (and the file stays readable even if the job ends meanwhile: the descriptor is open).
#pragma once

#include "cloud/store/document_spool.h"

#include <cups/ipp.h>
#include <libsoup/soup.h>

namespace printlink::cloud {

void set_ipp_response_with_document(SoupServerMessage* msg, ipp_t* response, SpooledFile document);

}  // namespace printlink::cloud
