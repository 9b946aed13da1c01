/* SPDX-License-Identifier: Apache-2.0 */
/*
 * ruleset.c - compiled rule conditions bucketed by event type (Falco's evttype_index_ruleset):
 * an event is evaluated only against the rules whose event-type set contains its type, in the
 * order the rules were added.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "rules/rules_internal.h"
#include "util/banned.h"

struct bucket {
	uint32_t *rules; /* indices into rs->rules */
	uint32_t n, cap;
	uint32_t *ids;   /* rule ids in the same order (vg_ruleset_bucket) */
};

struct rule {
	struct vg_cond *cond;
	uint32_t id;
};

struct vg_ruleset {
	int refs;
	enum vg_source source;
	struct rule *rules;
	uint32_t n, cap;
	struct bucket buckets[VG_EVT__COUNT]; /* audit: bucket 0 only */
	struct vg_evtset all;
};

int vg_ruleset_new(enum vg_source source, struct vg_ruleset **ret_rs)
{
	if (!ret_rs || !vg_source_fields_get(source))
		return -EINVAL;
	struct vg_ruleset *rs = calloc(1, sizeof(*rs));
	if (!rs)
		return -ENOMEM;
	rs->refs = 1;
	rs->source = source;
	*ret_rs = rs;
	return 0;
}

static int bucket_add(struct bucket *b, uint32_t idx, uint32_t id)
{
	if (b->n == b->cap) {
		uint32_t cap = b->cap ? b->cap * 2 : 8;
		uint32_t *nr = realloc(b->rules, cap * sizeof(*nr));
		if (!nr)
			return -ENOMEM;
		b->rules = nr;
		uint32_t *ni = realloc(b->ids, cap * sizeof(*ni));
		if (!ni)
			return -ENOMEM;
		b->ids = ni;
		b->cap = cap;
	}
	b->rules[b->n] = idx;
	b->ids[b->n] = id;
	b->n++;
	return 0;
}

int vg_ruleset_add(struct vg_ruleset *rs, struct vg_cond *cond, uint32_t rule_id)
{
	if (!rs || !cond || cond->source != rs->source)
		return -EINVAL;
	if (rs->n == UINT32_MAX)
		return -EFBIG;
	if (rs->n == rs->cap) {
		uint32_t cap = rs->cap ? rs->cap * 2 : 16;
		struct rule *nr = realloc(rs->rules, cap * sizeof(*nr));
		if (!nr)
			return -ENOMEM;
		rs->rules = nr;
		rs->cap = cap;
	}
	uint32_t idx = rs->n;
	if (rs->source == VG_SOURCE_SYSCALL) {
		/* an audit of the buckets first, so that a failure leaves rs unchanged */
		for (unsigned t = 0; t < VG_EVT__COUNT; t++) {
			struct bucket *b = &rs->buckets[t];
			if (vg_evtset_has(&cond->evtset, (enum vg_evt_type)t) && b->n == b->cap) {
				uint32_t cap = b->cap ? b->cap * 2 : 8;
				uint32_t *nr = realloc(b->rules, cap * sizeof(*nr));
				if (!nr)
					return -ENOMEM;
				b->rules = nr;
				uint32_t *ni = realloc(b->ids, cap * sizeof(*ni));
				if (!ni)
					return -ENOMEM;
				b->ids = ni;
				b->cap = cap;
			}
		}
		for (unsigned t = 0; t < VG_EVT__COUNT; t++)
			if (vg_evtset_has(&cond->evtset, (enum vg_evt_type)t))
				(void)bucket_add(&rs->buckets[t], idx, rule_id);
	} else {
		int r = bucket_add(&rs->buckets[0], idx, rule_id);
		if (r)
			return r;
	}
	rs->rules[idx].cond = vg_cond_ref(cond);
	rs->rules[idx].id = rule_id;
	rs->n++;
	vg_evtset_union(&rs->all, &cond->evtset);
	return 0;
}

struct vg_ruleset *vg_ruleset_ref(struct vg_ruleset *rs)
{
	if (rs)
		__atomic_add_fetch(&rs->refs, 1, __ATOMIC_RELAXED);
	return rs;
}

void vg_ruleset_unref(struct vg_ruleset *rs)
{
	if (!rs || __atomic_sub_fetch(&rs->refs, 1, __ATOMIC_ACQ_REL) != 0)
		return;
	for (uint32_t i = 0; i < rs->n; i++)
		vg_cond_unref(rs->rules[i].cond);
	for (unsigned t = 0; t < VG_EVT__COUNT; t++) {
		free(rs->buckets[t].rules);
		free(rs->buckets[t].ids);
	}
	free(rs->rules);
	free(rs);
}

size_t vg_ruleset_count(const struct vg_ruleset *rs)
{
	return rs ? rs->n : 0;
}

void vg_ruleset_evtset(const struct vg_ruleset *rs, struct vg_evtset *ret_set)
{
	if (!ret_set)
		return;
	if (!rs) {
		vg_evtset_clear(ret_set);
		return;
	}
	*ret_set = rs->all;
}

static const struct bucket *bucket_of(const struct vg_ruleset *rs, const void *event)
{
	if (rs->source == VG_SOURCE_SYSCALL) {
		unsigned t = (unsigned)((const struct vg_sys_event *)event)->type;
		return t < VG_EVT__COUNT ? &rs->buckets[t] : NULL;
	}
	return &rs->buckets[0];
}

size_t vg_ruleset_bucket(const struct vg_ruleset *rs, enum vg_evt_type type,
			 const uint32_t **ret_ids)
{
	if (!rs || !ret_ids)
		return 0;
	unsigned t = rs->source == VG_SOURCE_SYSCALL ? (unsigned)type : 0;
	if (t >= VG_EVT__COUNT)
		return 0;
	*ret_ids = rs->buckets[t].ids;
	return rs->buckets[t].n;
}

size_t vg_ruleset_eval(const struct vg_ruleset *rs, const void *event, enum vg_match_mode mode,
		       uint32_t *ret_ids, size_t cap)
{
	if (!rs || !event || *(const enum vg_source *)event != rs->source)
		return 0;
	const struct bucket *b = bucket_of(rs, event);
	size_t hits = 0;
	if (!b)
		return 0;
	for (uint32_t i = 0; i < b->n; i++) {
		if (!vg_cond_eval(rs->rules[b->rules[i]].cond, event))
			continue;
		if (hits < cap && ret_ids)
			ret_ids[hits] = b->ids[i];
		hits++;
		if (mode == VG_MATCH_FIRST)
			break;
	}
	return hits;
}
