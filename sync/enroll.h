/*
 * enroll.h — enrolling a handheld with a hub: a one-time code in, a device
 * token (file beside the store, 0600) and the hub's URL and device id (store
 * meta) out.
 */
#ifndef TALLY_SYNC_ENROLL_H
#define TALLY_SYNC_ENROLL_H

#include "common/err.h"
#include "sync/http.h"

#include <stddef.h>
#include <stdint.h>

struct store;

/* The QR text `tally://enroll?hub=URL&code=CODE` (percent-encoded) into
 * url and code; 0, or EX_USAGE in e when it is not that. */
int enroll_parse_qr(const char *text, char *url, size_t url_size, char *code, size_t code_size,
                    struct tally_err *e);

/* POST /v1/enroll at url with code and name; on success store the token,
 * hub_url and device_id.  403 → EX_NOPERM (ask for a new code), an
 * unreachable hub → EX_UNAVAILABLE.  device_id is filled on success. */
int enroll_run(struct store *s, const struct http_opts *o, const char *url, const char *code,
               const char *name, int64_t *device_id, struct tally_err *e);

#endif
