/* SPDX-License-Identifier: Apache-2.0 */
/* alert_internal.h - helpers shared by the alert formatters and outputs. */
#ifndef VG_ALERT_INTERNAL_H
#define VG_ALERT_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

struct vg_strbuf;

/* "2024-01-01T00:00:00.123456789+0000" (Falco's text-line time); snprintf-like. */
size_t vg_alert_time_text(int64_t time_ns, char *buf, size_t cap);
/* "2024-01-01T00:00:00.123456789Z" (Falco's JSON "time"); snprintf-like. */
size_t vg_alert_time_rfc3339(int64_t time_ns, char *buf, size_t cap);
/* Append @s as a JSON string (nlohmann::json's escaping). 0 or a negative errno. */
int vg_alert_json_str(struct vg_strbuf *b, const char *s, size_t len);

#endif
