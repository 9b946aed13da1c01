/* SPDX-License-Identifier: Apache-2.0 */
/*
 * event_internal.h - private glue between the field tables (fields.c, fields_syscall.c,
 * fields_k8saudit.c) and the rules engine (src/lib/rules).
 */
#ifndef VG_EVENT_INTERNAL_H
#define VG_EVENT_INTERNAL_H

#include "vigil/event.h"
#include "vigil/fields.h"

/*
 * A getter: extract the values of @ref from @event into @vals (capacity @cap), rendering text
 * into @sc when needed. Returns the number of values (0 = missing) or -ENOSPC.
 */
typedef int (*vg_getter_fn)(const struct vg_field_ref *ref, const void *event,
			    struct vg_value *vals, size_t cap, struct vg_scratch *sc);

/*
 * Argument check for a field (optional): called by vg_field_resolve() after the generic checks,
 * may fill ref->aux. Returns 0 or -EINVAL with a message in @d.
 */
typedef int (*vg_argcheck_fn)(struct vg_field_ref *ref, struct vg_diag *d);

struct vg_source_fields {
	const struct vg_field_info *info; /* count entries, info[i].id == i */
	const vg_getter_fn *getters;      /* count entries */
	const vg_argcheck_fn *argchecks;  /* count entries, may be NULL entries */
	size_t count;
};

extern const struct vg_source_fields vg_syscall_fields;
extern const struct vg_source_fields vg_k8saudit_fields;

const struct vg_source_fields *vg_source_fields_get(enum vg_source source);

static inline vg_getter_fn vg_field_getter(const struct vg_field_ref *ref)
{
	const struct vg_source_fields *t = vg_source_fields_get(ref->source);
	return t ? t->getters[ref->info->id] : NULL;
}

/* Evaluate with "any value matches" semantics (fd.ip, proc.aname without index ...). */
static inline bool vg_field_ref_is_any(const struct vg_field_ref *ref)
{
	return (ref->info->flags & VG_FF_ANY_VALUE) ||
	       ((ref->info->flags & VG_FF_ANY_ANCESTOR) && !ref->has_arg);
}

/* ---- scratch helpers ---------------------------------------------------------------------- */

/* Reserve @n bytes (+1 for a NUL) in @sc; NULL when full. */
static inline char *vg_scratch_reserve(struct vg_scratch *sc, size_t n)
{
	if (!sc || !sc->buf || sc->used > sc->cap || n + 1 > sc->cap - sc->used)
		return NULL;
	return sc->buf + sc->used;
}

/* Commit @n bytes written at the reserved position and NUL-terminate; returns the start. */
static inline const char *vg_scratch_commit(struct vg_scratch *sc, size_t n)
{
	char *p = sc->buf + sc->used;
	p[n] = '\0';
	sc->used += n + 1;
	return p;
}

/* Copy @len bytes into @sc (NUL-terminated); NULL when full. */
const char *vg_scratch_copy(struct vg_scratch *sc, const char *s, size_t len);

/* ---- small shared tables ------------------------------------------------------------------ */

/* Render @val through flag table @fs into @buf; returns the length needed (snprintf-like). */
size_t vg_flags_render(enum vg_flagset fs, bool is_enum, uint64_t val, char *buf, size_t cap);
/* Capability names, space-separated, for a bitmask. snprintf-like. */
size_t vg_caps_render(uint64_t caps, char *buf, size_t cap);
/* JSON text of a document node (compact, keys in document order). snprintf-like. */
size_t vg_node_to_json(const struct vg_node *n, char *buf, size_t cap);

#endif
