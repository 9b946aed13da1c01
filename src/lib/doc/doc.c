/* SPDX-License-Identifier: Apache-2.0 */
/* doc.c - the docset, the tree builder, scalar resolution and read helpers. */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "doc/doc_internal.h"
#include "util/banned.h"

/* ---- docset ------------------------------------------------------------------------- */

static enum vg_syntax syntax_for(const char *file, enum vg_syntax syntax)
{
	if (syntax != VG_SYNTAX_AUTO)
		return syntax;
	size_t n = file ? strlen(file) : 0;
	if (n >= 5 && strcasecmp(file + n - 5, ".json") == 0)
		return VG_SYNTAX_JSON;
	return VG_SYNTAX_YAML;
}

int vg_docset_parse(const char *file, const char *buf, size_t len, enum vg_syntax syntax,
		    const struct vg_limits *limits, struct vg_docset **ret_set,
		    struct vg_diag *ret_diag)
{
	struct vg_limits defaults;
	if (!ret_set || (!buf && len))
		return -EINVAL;
	if (!limits) {
		vg_limits_init(&defaults);
		limits = &defaults;
	}
	if (!file)
		file = "-";
	vg_diag_clear(ret_diag);

	struct vg_docset *set = calloc(1, sizeof(*set));
	if (!set)
		return -ENOMEM;
	vg_arena_init(&set->arena, 0);
	set->file = vg_arena_strdup(&set->arena, file);
	if (!set->file) {
		vg_docset_free(set);
		return -ENOMEM;
	}
	if (len > limits->max_file_size) {
		vg_diag_set(ret_diag, VG_DIAG_LIMIT, file, 0, 0,
			    "file is %zu bytes, over the limit of %zu (max_file_size)", len,
			    limits->max_file_size);
		*ret_set = set;
		return -EFBIG;
	}

	struct vg_builder b;
	vg_builder_init(&b, set, limits, ret_diag);
	int r = syntax_for(file, syntax) == VG_SYNTAX_JSON ? vg_json_parse(&b, buf, len)
							   : vg_yaml_parse(&b, buf, len);
	vg_builder_release(&b);
	if (r == -ENOMEM) {
		vg_docset_free(set);
		return r;
	}
	*ret_set = set;
	return r;
}

void vg_docset_free(struct vg_docset *set)
{
	if (!set)
		return;
	free(set->docs);
	vg_arena_release(&set->arena);
	free(set);
}

size_t vg_docset_count(const struct vg_docset *set)
{
	return set ? set->ndocs : 0;
}

const struct vg_doc *vg_docset_get(const struct vg_docset *set, size_t i)
{
	return set && i < set->ndocs ? set->docs[i] : NULL;
}

size_t vg_docset_node_count(const struct vg_docset *set)
{
	return set ? set->nodes + set->expanded : 0;
}

size_t vg_docset_warning_count(const struct vg_docset *set)
{
	return set ? set->nwarnings : 0;
}

const struct vg_doc_warning *vg_docset_warning(const struct vg_docset *set, size_t i)
{
	return set && i < set->nwarnings ? &set->warnings[i] : NULL;
}

size_t vg_docset_warnings_dropped(const struct vg_docset *set)
{
	return set ? set->warnings_dropped : 0;
}

static bool warning_before(const struct vg_doc_warning *a, const struct vg_doc_warning *b)
{
	return a->line < b->line || (a->line == b->line && a->column < b->column);
}

/* Keep the first VG_DOC_MAX_WARNINGS warnings in document order (maps close inner first, so
 * they do not arrive in that order); count the others. */
static void add_warning(struct vg_docset *set, const struct vg_doc_warning *w)
{
	size_t n = set->nwarnings;
	if (n == VG_DOC_MAX_WARNINGS) {
		set->warnings_dropped++;
		if (!warning_before(w, &set->warnings[n - 1]))
			return;
		n--; /* the last one makes room */
	}
	size_t i = n;
	while (i > 0 && warning_before(w, &set->warnings[i - 1])) {
		set->warnings[i] = set->warnings[i - 1];
		i--;
	}
	set->warnings[i] = *w;
	set->nwarnings = n + 1;
}

/* ---- builder ------------------------------------------------------------------------ */

void vg_builder_init(struct vg_builder *b, struct vg_docset *set, const struct vg_limits *limits,
		     struct vg_diag *diag)
{
	memset(b, 0, sizeof(*b));
	b->set = set;
	b->limits = limits;
	b->diag = diag;
}

void vg_builder_release(struct vg_builder *b)
{
	free(b->kids);
	free(b->kid_sizes);
	free(b->frames);
	b->kids = NULL;
	b->kid_sizes = NULL;
	b->frames = NULL;
}

void vg_builder_reset(struct vg_builder *b)
{
	b->nkids = 0;
	b->nframes = 0;
	b->root = NULL;
	b->root_size = 0;
}

struct vg_node *vg_builder_node(struct vg_builder *b, enum vg_node_kind kind, uint32_t line,
				uint32_t column)
{
	if (b->set->nodes + b->set->expanded >= b->limits->max_nodes) {
		vg_diag_set(b->diag, VG_DIAG_LIMIT, b->set->file, line, column,
			    "more than %u nodes (max_nodes)", b->limits->max_nodes);
		errno = EFBIG;
		return NULL;
	}
	struct vg_node *n = vg_arena_zalloc(&b->set->arena, sizeof(*n));
	if (!n) {
		errno = ENOMEM;
		return NULL;
	}
	n->kind = kind;
	n->line = line;
	n->column = column;
	b->set->nodes++;
	return n;
}

static int push_kid(struct vg_builder *b, struct vg_node *n, uint64_t size)
{
	if (b->nkids == b->kcap) {
		size_t cap = b->kcap ? b->kcap * 2 : 256;
		struct vg_node **k = realloc(b->kids, cap * sizeof(*k));
		if (!k)
			return -ENOMEM;
		b->kids = k;
		uint64_t *s = realloc(b->kid_sizes, cap * sizeof(*s));
		if (!s)
			return -ENOMEM;
		b->kid_sizes = s;
		b->kcap = cap;
	}
	b->kids[b->nkids] = n;
	b->kid_sizes[b->nkids] = size;
	b->nkids++;
	return 0;
}

int vg_builder_add(struct vg_builder *b, struct vg_node *n, uint64_t size)
{
	if (b->nframes == 0) {
		b->root = n;
		b->root_size = size;
		return 0;
	}
	return push_kid(b, n, size);
}

int vg_builder_add_alias(struct vg_builder *b, struct vg_node *target, uint64_t size,
			 uint32_t line, uint32_t column)
{
	b->set->expanded += size;
	if (b->set->expanded > b->limits->max_alias_expansion) {
		vg_diag_set(b->diag, VG_DIAG_LIMIT, b->set->file, line, column,
			    "aliases expand to more than %u nodes (max_alias_expansion)",
			    b->limits->max_alias_expansion);
		return -EFBIG;
	}
	if (b->set->nodes + b->set->expanded > b->limits->max_nodes) {
		vg_diag_set(b->diag, VG_DIAG_LIMIT, b->set->file, line, column,
			    "more than %u nodes (max_nodes)", b->limits->max_nodes);
		return -EFBIG;
	}
	return vg_builder_add(b, target, size);
}

int vg_builder_open(struct vg_builder *b, struct vg_node *n)
{
	if (b->nframes >= b->limits->max_depth) {
		vg_diag_set(b->diag, VG_DIAG_LIMIT, b->set->file, n->line, n->column,
			    "nesting deeper than %u (max_depth)", b->limits->max_depth);
		return -EFBIG;
	}
	if (b->nframes == b->fcap) {
		size_t cap = b->fcap ? b->fcap * 2 : 32;
		struct vg_build_frame *f = realloc(b->frames, cap * sizeof(*f));
		if (!f)
			return -ENOMEM;
		b->frames = f;
		b->fcap = cap;
	}
	b->frames[b->nframes++] = (struct vg_build_frame){ .node = n, .base = b->nkids, .size = 1 };
	return 0;
}

static bool is_merge_key(const struct vg_node *k)
{
	return k->kind == VG_NODE_STR && !k->quoted && k->len == 2 && memcmp(k->text, "<<", 2) == 0;
}

static bool pairs_have_key(const struct vg_pair *pairs, size_t n, const struct vg_node *key)
{
	if (!key->text)
		return false;
	for (size_t i = 0; i < n; i++) {
		const struct vg_node *k = pairs[i].key;
		if (k->text && k->len == key->len && memcmp(k->text, key->text, key->len) == 0)
			return true;
	}
	return false;
}

/* ---- duplicate keys ------------------------------------------------------------------ */

static bool dup_candidate(const struct vg_node *k)
{
	return k->text && k->kind != VG_NODE_SEQ && k->kind != VG_NODE_MAP && !is_merge_key(k);
}

static bool same_key(const struct vg_node *a, const struct vg_node *b)
{
	return a->len == b->len && memcmp(a->text, b->text, a->len) == 0;
}

static void warn_duplicate(struct vg_builder *b, const struct vg_node *later,
			   const struct vg_node *first)
{
	const struct vg_doc_warning w = {
		.kind = VG_DOC_WARN_DUPLICATE_KEY,
		.line = later->line,
		.column = later->column,
		.key = later->text,
		.key_len = later->len,
		.first_line = first->line,
		.first_column = first->column,
	};
	add_warning(b->set, &w);
}

struct key_ref {
	const struct vg_node *key;
	size_t index;
};

static int key_ref_cmp(const void *pa, const void *pb)
{
	const struct key_ref *a = pa, *b = pb;
	if (a->key->len != b->key->len)
		return a->key->len < b->key->len ? -1 : 1;
	int c = memcmp(a->key->text, b->key->text, a->key->len);
	if (c)
		return c;
	return a->index < b->index ? -1 : a->index > b->index;
}

/* Record every scalar key of a map (merge keys aside) that repeats an earlier one. Small maps
 * compare every pair; large ones sort the keys. */
static int find_duplicates(struct vg_builder *b, struct vg_node **kids, size_t npairs)
{
	if (npairs <= 32) {
		for (size_t i = 1; i < npairs; i++) {
			const struct vg_node *k = kids[2 * i];
			if (!dup_candidate(k))
				continue;
			for (size_t j = 0; j < i; j++)
				if (dup_candidate(kids[2 * j]) && same_key(kids[2 * j], k)) {
					warn_duplicate(b, k, kids[2 * j]);
					break;
				}
		}
		return 0;
	}
	struct key_ref *refs = malloc(npairs * sizeof(*refs));
	if (!refs)
		return -ENOMEM;
	size_t n = 0;
	for (size_t i = 0; i < npairs; i++)
		if (dup_candidate(kids[2 * i]))
			refs[n++] = (struct key_ref){ kids[2 * i], i };
	qsort(refs, n, sizeof(*refs), key_ref_cmp);
	for (size_t i = 1, first = 0; i < n; i++) {
		if (same_key(refs[first].key, refs[i].key))
			warn_duplicate(b, refs[i].key, refs[first].key);
		else
			first = i;
	}
	free(refs);
	return 0;
}

/* Build the pairs of a map from its pending children, applying merge keys: merged pairs
 * come first (so that lookups, which take the last match, see explicit keys first), each
 * only if no explicit key and no earlier merge source has it. */
static int close_map(struct vg_builder *b, struct vg_node *n, struct vg_node **kids, size_t nk)
{
	if (nk % 2) {
		vg_diag_set(b->diag, VG_DIAG_SYNTAX, b->set->file, n->line, n->column,
			    "mapping has a key without a value");
		return -EBADMSG;
	}
	size_t npairs = nk / 2, nmerged = 0, nmerge_keys = 0;
	int r = find_duplicates(b, kids, npairs);
	if (r < 0)
		return r;
	for (size_t i = 0; i < npairs; i++) {
		const struct vg_node *k = kids[2 * i], *v = kids[2 * i + 1];
		if (!is_merge_key(k))
			continue;
		nmerge_keys++;
		if (v->kind == VG_NODE_MAP) {
			nmerged += v->count;
		} else if (v->kind == VG_NODE_SEQ) {
			for (uint32_t j = 0; j < v->count; j++) {
				if (v->items[j]->kind != VG_NODE_MAP) {
					vg_diag_set(b->diag, VG_DIAG_SEMANTIC, b->set->file,
						    v->items[j]->line, v->items[j]->column,
						    "merge key '<<' takes a map or a sequence of maps, "
						    "found a %s", vg_node_kind_name(v->items[j]->kind));
					return -EBADMSG;
				}
				nmerged += v->items[j]->count;
			}
		} else {
			vg_diag_set(b->diag, VG_DIAG_SEMANTIC, b->set->file, v->line, v->column,
				    "merge key '<<' takes a map or a sequence of maps, found a %s",
				    vg_node_kind_name(v->kind));
			return -EBADMSG;
		}
	}
	size_t cap = npairs - nmerge_keys + nmerged;
	if (cap > UINT32_MAX)
		return -EFBIG;
	struct vg_pair *pairs = vg_arena_calloc(&b->set->arena, cap ? cap : 1, sizeof(*pairs));
	if (!pairs)
		return -ENOMEM;
	size_t np = 0;
	if (nmerge_keys) {
		/* explicit pairs, to test membership */
		struct vg_pair *explicit = pairs + (cap - (npairs - nmerge_keys));
		size_t ne = 0;
		for (size_t i = 0; i < npairs; i++)
			if (!is_merge_key(kids[2 * i]))
				explicit[ne++] = (struct vg_pair){ kids[2 * i], kids[2 * i + 1] };
		for (size_t i = 0; i < npairs; i++) {
			const struct vg_node *k = kids[2 * i], *v = kids[2 * i + 1];
			if (!is_merge_key(k))
				continue;
			uint32_t nsrc = v->kind == VG_NODE_MAP ? 1 : v->count;
			for (uint32_t s = 0; s < nsrc; s++) {
				const struct vg_node *src = v->kind == VG_NODE_MAP ? v : v->items[s];
				for (uint32_t j = 0; j < src->count; j++) {
					const struct vg_pair *p = &src->pairs[j];
					if (pairs_have_key(explicit, ne, p->key) ||
					    pairs_have_key(pairs, np, p->key))
						continue;
					pairs[np++] = *p;
				}
			}
		}
		/* slide the explicit pairs down behind the merged ones */
		memmove(pairs + np, explicit, ne * sizeof(*pairs));
		np += ne;
	} else {
		for (size_t i = 0; i < npairs; i++)
			pairs[np++] = (struct vg_pair){ kids[2 * i], kids[2 * i + 1] };
	}
	n->pairs = pairs;
	n->count = (uint32_t)np;
	return 0;
}

int vg_builder_close(struct vg_builder *b, struct vg_node **ret_node, uint64_t *ret_size)
{
	if (b->nframes == 0)
		return -EINVAL;
	struct vg_build_frame f = b->frames[--b->nframes];
	struct vg_node *n = f.node;
	size_t nk = b->nkids - f.base;
	struct vg_node **kids = nk ? b->kids + f.base : NULL;
	uint64_t size = 1;
	for (size_t i = 0; i < nk; i++)
		size += b->kid_sizes[f.base + i];
	if (nk > UINT32_MAX)
		return -EFBIG;
	int r = 0;
	if (n->kind == VG_NODE_SEQ) {
		const struct vg_node **items =
			vg_arena_calloc(&b->set->arena, nk ? nk : 1, sizeof(*items));
		if (!items)
			return -ENOMEM;
		for (size_t i = 0; i < nk; i++)
			items[i] = kids[i];
		n->items = items;
		n->count = (uint32_t)nk;
	} else {
		r = close_map(b, n, kids, nk);
		if (r < 0)
			return r;
	}
	b->nkids = f.base;
	r = vg_builder_add(b, n, size);
	if (r < 0)
		return r;
	if (ret_node)
		*ret_node = n;
	if (ret_size)
		*ret_size = size;
	return 0;
}

int vg_builder_end_document(struct vg_builder *b)
{
	struct vg_docset *set = b->set;
	if (set->ndocs >= b->limits->max_documents) {
		vg_diag_set(b->diag, VG_DIAG_LIMIT, set->file, b->root ? b->root->line : 0, 0,
			    "more than %u documents (max_documents)", b->limits->max_documents);
		return -EFBIG;
	}
	if (!b->root) {
		b->root = vg_builder_node(b, VG_NODE_NULL, 1, 1);
		if (!b->root)
			return errno == EFBIG ? -EFBIG : -ENOMEM;
		b->root->text = "";
	}
	if (set->ndocs == set->cap) {
		size_t cap = set->cap ? set->cap * 2 : 8;
		struct vg_doc **d = realloc(set->docs, cap * sizeof(*d));
		if (!d)
			return -ENOMEM;
		set->docs = d;
		set->cap = cap;
	}
	struct vg_doc *doc = vg_arena_zalloc(&set->arena, sizeof(*doc));
	if (!doc)
		return -ENOMEM;
	doc->file = set->file;
	doc->index = (uint32_t)set->ndocs;
	doc->root = b->root;
	set->docs[set->ndocs++] = doc;
	vg_builder_reset(b);
	return 0;
}

/* ---- scalar resolution (YAML 1.1 as go-yaml v2, which Kubernetes' decoder uses) ------ */

static bool text_in(const char *s, size_t len, const char *const *set)
{
	for (; *set; set++)
		if (strlen(*set) == len && memcmp(*set, s, len) == 0)
			return true;
	return false;
}

static bool parse_int(const char *s, size_t len, int64_t *ret)
{
	char tmp[80];
	size_t n = 0;
	if (len == 0 || len >= sizeof(tmp))
		return false;
	for (size_t i = 0; i < len; i++)
		if (s[i] != '_')
			tmp[n++] = s[i];
	tmp[n] = '\0';
	const char *p = tmp;
	bool neg = false;
	if (*p == '+' || *p == '-')
		neg = *p++ == '-';
	if (!*p)
		return false;
	int base = 10;
	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
		base = 16;
		p += 2;
	} else if (p[0] == '0' && (p[1] == 'b' || p[1] == 'B')) {
		base = 2;
		p += 2;
	} else if (p[0] == '0' && (p[1] == 'o' || p[1] == 'O')) {
		base = 8;
		p += 2;
	} else if (p[0] == '0' && p[1]) {
		base = 8;
		p += 1;
	}
	if (!*p)
		return false;
	uint64_t v = 0;
	for (; *p; p++) {
		int d;
		if (*p >= '0' && *p <= '9')
			d = *p - '0';
		else if (*p >= 'a' && *p <= 'f')
			d = *p - 'a' + 10;
		else if (*p >= 'A' && *p <= 'F')
			d = *p - 'A' + 10;
		else
			return false;
		if (d >= base)
			return false;
		if (v > (UINT64_MAX - (uint64_t)d) / (uint64_t)base)
			return false;
		v = v * (uint64_t)base + (uint64_t)d;
	}
	if (neg) {
		if (v > (uint64_t)INT64_MAX + 1)
			return false;
		*ret = v == (uint64_t)INT64_MAX + 1 ? INT64_MIN : -(int64_t)v;
	} else {
		if (v > INT64_MAX)
			return false;
		*ret = (int64_t)v;
	}
	return true;
}

static bool parse_float(const char *s, size_t len, double *ret)
{
	static const char *const inf[] = { ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", NULL };
	static const char *const ninf[] = { "-.inf", "-.Inf", "-.INF", NULL };
	static const char *const nan_[] = { ".nan", ".NaN", ".NAN", NULL };
	if (text_in(s, len, inf)) {
		*ret = INFINITY;
		return true;
	}
	if (text_in(s, len, ninf)) {
		*ret = -INFINITY;
		return true;
	}
	if (text_in(s, len, nan_)) {
		*ret = NAN;
		return true;
	}
	/* [-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?  (underscores allowed in digits) */
	char tmp[128];
	size_t n = 0, i = 0;
	if (len == 0 || len >= sizeof(tmp))
		return false;
	for (size_t k = 0; k < len; k++)
		if (s[k] != '_')
			tmp[n++] = s[k];
	tmp[n] = '\0';
	if (tmp[i] == '+' || tmp[i] == '-')
		i++;
	size_t digits = 0, frac = 0;
	while (tmp[i] >= '0' && tmp[i] <= '9')
		i++, digits++;
	if (tmp[i] == '.') {
		i++;
		while (tmp[i] >= '0' && tmp[i] <= '9')
			i++, frac++;
		if (!digits && !frac)
			return false;
	} else if (!digits) {
		return false;
	}
	if (tmp[i] == 'e' || tmp[i] == 'E') {
		i++;
		if (tmp[i] == '+' || tmp[i] == '-')
			i++;
		size_t e = 0;
		while (tmp[i] >= '0' && tmp[i] <= '9')
			i++, e++;
		if (!e)
			return false;
	}
	if (i != n)
		return false;
	char *end;
	*ret = strtod(tmp, &end);
	return end == tmp + n;
}

void vg_doc_resolve_plain(struct vg_node *n)
{
	static const char *const nulls[] = { "", "~", "null", "Null", "NULL", NULL };
	static const char *const trues[] = { "y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE",
					     "on", "On", "ON", NULL };
	static const char *const falses[] = { "n", "N", "no", "No", "NO", "false", "False",
					      "FALSE", "off", "Off", "OFF", NULL };
	const char *s = n->text;
	size_t len = n->len;
	n->kind = VG_NODE_STR;
	if (text_in(s, len, nulls)) {
		n->kind = VG_NODE_NULL;
		return;
	}
	if (text_in(s, len, trues)) {
		n->kind = VG_NODE_BOOL;
		n->v.b = true;
		return;
	}
	if (text_in(s, len, falses)) {
		n->kind = VG_NODE_BOOL;
		n->v.b = false;
		return;
	}
	char c = s[0];
	if (!((c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.'))
		return;
	if (parse_int(s, len, &n->v.i)) {
		n->kind = VG_NODE_INT;
		return;
	}
	if (parse_float(s, len, &n->v.f))
		n->kind = VG_NODE_FLOAT;
}

/* ---- read helpers ------------------------------------------------------------------- */

const struct vg_node *vg_node_get(const struct vg_node *map, const char *key)
{
	if (!map || map->kind != VG_NODE_MAP || !key)
		return NULL;
	size_t klen = strlen(key);
	for (uint32_t i = map->count; i-- > 0;) {
		const struct vg_node *k = map->pairs[i].key;
		if (k->text && k->len == klen && memcmp(k->text, key, klen) == 0)
			return map->pairs[i].value;
	}
	return NULL;
}

const struct vg_node *vg_node_get_key(const struct vg_node *map, const char *key)
{
	if (!map || map->kind != VG_NODE_MAP || !key)
		return NULL;
	size_t klen = strlen(key);
	for (uint32_t i = map->count; i-- > 0;) {
		const struct vg_node *k = map->pairs[i].key;
		if (k->text && k->len == klen && memcmp(k->text, key, klen) == 0)
			return k;
	}
	return NULL;
}

const struct vg_node *vg_node_path(const struct vg_node *map, const char *dotted)
{
	char key[256];
	const char *p = dotted;
	while (map && p && *p) {
		const char *dot = strchr(p, '.');
		size_t n = dot ? (size_t)(dot - p) : strlen(p);
		if (n >= sizeof(key))
			return NULL;
		memcpy(key, p, n);
		key[n] = '\0';
		map = vg_node_get(map, key);
		p = dot ? dot + 1 : NULL;
	}
	return map;
}

const char *vg_node_str(const struct vg_node *n)
{
	return n && n->kind == VG_NODE_STR ? n->text : NULL;
}

const char *vg_node_scalar(const struct vg_node *n)
{
	return n && n->kind != VG_NODE_SEQ && n->kind != VG_NODE_MAP ? n->text : NULL;
}

bool vg_node_is_true(const struct vg_node *n)
{
	return n && n->kind == VG_NODE_BOOL && n->v.b;
}

bool vg_node_is_false(const struct vg_node *n)
{
	return n && n->kind == VG_NODE_BOOL && !n->v.b;
}

bool vg_node_str_eq(const struct vg_node *n, const char *s)
{
	return n && n->kind == VG_NODE_STR && s && strlen(s) == n->len &&
	       memcmp(n->text, s, n->len) == 0;
}

bool vg_node_present(const struct vg_node *n)
{
	return n && n->kind != VG_NODE_NULL;
}

const struct vg_node *vg_node_at(const struct vg_node *seq, uint32_t i)
{
	return seq && seq->kind == VG_NODE_SEQ && i < seq->count ? seq->items[i] : NULL;
}

const char *vg_node_kind_name(enum vg_node_kind kind)
{
	switch (kind) {
	case VG_NODE_NULL: return "null";
	case VG_NODE_BOOL: return "bool";
	case VG_NODE_INT: return "int";
	case VG_NODE_FLOAT: return "float";
	case VG_NODE_STR: return "string";
	case VG_NODE_SEQ: return "sequence";
	case VG_NODE_MAP: return "map";
	}
	return "unknown";
}
