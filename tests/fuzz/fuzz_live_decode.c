/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz_live_decode.c - the live decoder (src/lib/live/decode.c) over arbitrary kernel records.
 * Input: a sequence of { u8 mode; u16 len (little endian); len bytes } chunks, each one record
 * through one decoder (the process and fd state carries across records). mode bit 0 patches
 * the header's magic and length so the fuzzer reaches the parameter parsing. Each decoded event
 * goes through every syscall field and the replay-format recorder.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "live/live_internal.h"
#include "live/state.h"
#include "vigil/fields.h"
#include "vigil/live.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vg_live_limits lim;
	vg_live_limits_init(&lim);
	lim.max_procs = 64;
	lim.max_fds = 64;
	struct vg_live_state *st = NULL;
	if (vg_live_state_new("/nonexistent-vigil-fuzz", "fuzz", &lim, &st) < 0)
		return 0;
	struct vg_live_decoder *d = NULL;
	if (vg_live_decoder_new(st, 1, &d) < 0) {
		vg_live_state_free(st);
		return 0;
	}
	FILE *null = fopen("/dev/null", "w");
	struct vg_live_recorder *rec = NULL;
	if (null && vg_live_recorder_new(null, &rec) < 0)
		rec = NULL;
	size_t n = 0;
	const struct vg_field_info *tab = vg_fields_table(VG_SOURCE_SYSCALL, &n);
	static uint8_t buf[VG_KREC_MAX + 64];
	size_t off = 0;
	while (size - off >= 3) {
		uint8_t mode = data[off];
		size_t len = (size_t)data[off + 1] | ((size_t)data[off + 2] << 8);
		off += 3;
		if (len > size - off)
			len = size - off;
		if (len > sizeof(buf))
			len = sizeof(buf);
		memcpy(buf, data + off, len);
		off += len;
		if ((mode & 1) && len >= sizeof(struct vg_krec)) {
			struct vg_krec h;
			memcpy(&h, buf, sizeof(h));
			h.magic = VG_KREC_MAGIC;
			h.len = (uint16_t)len;
			memcpy(buf, &h, sizeof(h));
		}
		const struct vg_sys_event *ev = NULL;
		if (vg_live_decode(d, buf, len, &ev) == 1) {
			for (size_t i = 0; i < n; i++) {
				if (tab[i].flags & VG_FF_ARG_REQUIRED)
					continue;
				struct vg_field_ref ref;
				struct vg_diag dg;
				if (vg_field_resolve(VG_SOURCE_SYSCALL, tab[i].name, strlen(tab[i].name),
						     NULL, 0, false, &ref, &dg) < 0)
					continue;
				char sbuf[4096];
				struct vg_scratch sc = { sbuf, sizeof(sbuf), 0 };
				struct vg_value v[VG_FIELD_MAX_VALUES];
				(void)vg_field_extract(&ref, ev, v, VG_FIELD_MAX_VALUES, &sc);
			}
			if (rec)
				(void)vg_live_record(rec, ev);
		}
		vg_live_decoder_done(d);
	}
	vg_live_recorder_free(rec);
	if (null)
		fclose(null);
	vg_live_decoder_free(d);
	vg_live_state_free(st);
	return 0;
}
