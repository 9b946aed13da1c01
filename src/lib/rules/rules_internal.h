/* SPDX-License-Identifier: Apache-2.0 */
/*
 * rules_internal.h - shared between the condition parser, AST utilities, compiler, matchers
 * and evaluator (src/lib/rules).
 */
#ifndef VG_RULES_INTERNAL_H
#define VG_RULES_INTERNAL_H

#ifndef PCRE2_CODE_UNIT_WIDTH
#define PCRE2_CODE_UNIT_WIDTH 8
#endif
#include <pcre2.h>

#include "vigil/rules.h"
#include "event/event_internal.h"
#include "util/arena.h"

struct vg_cond_ast {
	struct vg_arena arena;
	struct vg_ast *root;
	size_t nodes;
};

/* Allocate an empty AST owner (arena only). NULL on ENOMEM. */
struct vg_cond_ast *vg_cond_ast_new(void);

/* Deep-copy @n into @dst's arena; NULL on ENOMEM. */
struct vg_ast *vg_ast_copy(struct vg_cond_ast *dst, const struct vg_ast *n);

/* Limits with NULL meaning defaults. */
void vg_cond_limits_resolve(const struct vg_cond_limits *in, struct vg_cond_limits *out);

/* ---- matchers (match.c) ------------------------------------------------------------------- */

/* A set of byte strings with O(1) membership (open addressing, FNV-1a). */
struct vg_strset {
	const struct vg_str *slots; /* cap entries; ptr == NULL = empty */
	uint32_t cap;               /* power of two */
	uint32_t count;
	size_t minlen, maxlen;
};

/* A set of 64-bit numbers (sorted, binary search). */
struct vg_numset {
	const uint64_t *v;
	uint32_t count;
};

/* Byte trie for "startswith any of" / "endswith any of" (reverse) lists. */
struct vg_trie_node {
	uint32_t first_child; /* index of the first child, 0 = none (root is 0) */
	uint32_t next;        /* next sibling, 0 = none */
	uint8_t byte;
	bool terminal;
};
struct vg_trie {
	const struct vg_trie_node *nodes;
	uint32_t count;
	bool has_empty; /* the empty string is in the list: everything matches */
};

/* Aho-Corasick automaton over bytes (optionally ASCII-case-folded) for "contains any of". */
struct vg_ac {
	const int32_t *delta;   /* 256-byte class map, then states x stride transitions */
	const uint8_t *accept;  /* per state: 1 if some pattern ends here */
	uint32_t stride;        /* number of byte classes */
	bool fold;
	bool has_empty;
};

/* Path prefix search for pmatch: component trie with glob components. */
struct vg_pm_node {
	struct vg_str comp;  /* component text; ptr NULL for the root */
	bool glob;           /* component contains ? * [ */
	bool terminal;       /* a search path ends here: everything below matches */
	uint32_t first_child, next;
};
struct vg_pmatch {
	const struct vg_pm_node *nodes;
	uint32_t count;
};

int vg_strset_build(struct vg_arena *a, const struct vg_str *items, size_t n,
		    struct vg_strset *ret);
bool vg_strset_has(const struct vg_strset *s, const char *p, size_t len);
int vg_numset_build(struct vg_arena *a, const uint64_t *items, size_t n, struct vg_numset *ret);
bool vg_numset_has(const struct vg_numset *s, uint64_t v);
int vg_trie_build(struct vg_arena *a, const struct vg_str *items, size_t n, bool reverse,
		  struct vg_trie *ret);
/* forward: does any item prefix @p? reverse: does any item suffix @p? */
bool vg_trie_match(const struct vg_trie *t, const char *p, size_t len, bool reverse);
int vg_ac_build(struct vg_arena *a, const struct vg_str *items, size_t n, bool fold,
		struct vg_ac *ret);
bool vg_ac_match(const struct vg_ac *ac, const char *p, size_t len);
int vg_pmatch_build(struct vg_arena *a, const struct vg_str *items, size_t n,
		    struct vg_pmatch *ret);
bool vg_pmatch_match(const struct vg_pmatch *pm, const char *p, size_t len);
/* ASCII case-insensitive substring search (strcasestr semantics on a view). */
bool vg_icontains(const char *h, size_t hl, const char *n, size_t nl);

/* ---- compiled program --------------------------------------------------------------------- */

/*
 * An expression producing values: a field (with its resolved ref), a transformer over child
 * expressions, or a literal. Evaluated into a value array.
 */
enum vg_vx_kind {
	VG_VX_FIELD = 1,
	VG_VX_TRANSFORM,
	VG_VX_LITERAL,
	VG_VX_LIST,  /* join's (a, b) argument */
};

struct vg_vexpr {
	enum vg_vx_kind kind;
	enum vg_ftype type;      /* type of the produced values */
	bool list;               /* produces a list (in/intersects semantics) */
	bool any;                /* "any value matches" semantics (fd.ip, proc.aname) */
	struct vg_field_ref ref; /* FIELD */
	vg_getter_fn getter;     /* FIELD */
	enum vg_transformer tr;  /* TRANSFORM */
	struct vg_vexpr **kids;  /* TRANSFORM args, LIST items */
	uint32_t nkids;
	struct vg_str lit;       /* LITERAL */
};

/* How the right-hand side is matched. */
enum vg_rhs_kind {
	VG_RHS_NONE = 0,   /* exists */
	VG_RHS_EVTSET,     /* evt.type = / != / in: bitset test */
	VG_RHS_STR,        /* one string (eq, ne, lt ... contains, startswith, endswith, glob) */
	VG_RHS_STRSET,     /* in / intersects / = anyof on strings (hash set) */
	VG_RHS_STRLIST,    /* modifier over string ops: items[] linear */
	VG_RHS_PREFIX,     /* startswith anyof: trie */
	VG_RHS_SUFFIX,     /* endswith anyof: reverse trie */
	VG_RHS_AC,         /* contains / icontains anyof: Aho-Corasick */
	VG_RHS_NUM,        /* one number */
	VG_RHS_NUMSET,     /* in on numbers, bools */
	VG_RHS_NUMLIST,    /* modifiers over numeric eq/ne */
	VG_RHS_NET,        /* one IP address or CIDR */
	VG_RHS_NETLIST,    /* in on addresses / networks */
	VG_RHS_REGEX,      /* one or several regexes */
	VG_RHS_PMATCH,     /* path prefix search */
	VG_RHS_FIELD,      /* val(): another expression */
	VG_RHS_DYN,        /* evt.rawarg: typed at run time */
};

struct vg_regex {
	pcre2_code *code;
	bool jit;
};

struct vg_dyn_val {
	struct vg_str s;
	bool has_i, has_u;
	int64_t i;
	uint64_t u;
};

/*
 * One compiled check. Hot fields first: with the matcher payload in a union the common case
 * fits one cache line (the whole program of a rule is a few lines of these).
 */
struct vg_pred {
	uint8_t rk;                 /* enum vg_rhs_kind */
	uint8_t op;                 /* enum vg_op */
	uint8_t mod;                /* enum vg_opmod */
	bool neg;                   /* EVTSET: != ; */
	bool fast;                  /* lhs is one plain single-valued field: getter/ref below */
	uint8_t t;                  /* enum vg_ftype of the lhs */
	vg_getter_fn getter;        /* fast path: lhs->getter */
	const struct vg_field_ref *ref; /* fast path: &lhs->ref */
	struct vg_vexpr *lhs;
	union {
		struct vg_evtset evtset;     /* EVTSET */
		struct vg_str str;           /* STR */
		struct {
			struct vg_str *items;    /* STRLIST */
			uint64_t *nums;          /* NUMLIST */
			uint32_t nitems;
		};
		struct vg_strset set;        /* STRSET */
		struct vg_trie trie;         /* PREFIX, SUFFIX */
		struct vg_ac ac;             /* AC */
		uint64_t num;                /* NUM (i64 stored as u64 bits) */
		struct vg_numset numset;     /* NUMSET */
		struct {
			struct vg_ipnet *nets;   /* NET, NETLIST */
			uint32_t nnets;
		};
		struct {
			struct vg_regex *regexes; /* REGEX */
			uint32_t nregex;
		};
		struct vg_pmatch pm;         /* PMATCH */
		struct vg_vexpr *rhs;        /* FIELD */
		struct {
			struct vg_dyn_val *dyn;  /* DYN */
			uint32_t ndyn;
		};
	};
	struct vg_ast_pos pos;       /* compile-time only */
};

/* Branch program: instruction i evaluates pred[i] and continues at t or f. */
#define VG_INSN_ACCEPT 0xfffffffeu
#define VG_INSN_REJECT 0xffffffffu

struct vg_insn {
	uint32_t pred;
	uint32_t t, f;
};

struct vg_cond {
	int refs; /* atomic */
	enum vg_source source;
	struct vg_evtset evtset;
	uint32_t entry;           /* first instruction, or ACCEPT / REJECT */
	struct vg_insn *insns;
	uint32_t ninsns;
	struct vg_pred *preds;
	uint32_t npreds;
	uint32_t nchecks;         /* checks after macro expansion (statistics) */
	struct vg_regex **regex_owned; /* to free */
	uint32_t nregex_owned, cap_regex_owned;
	struct vg_arena arena;
};

/* Evaluate one predicate (eval.c); exported for tests through vg_cond_eval only. */
bool vg_pred_eval(const struct vg_pred *p, const void *event, struct vg_scratch *sc);

/* Event types of an AST with macros resolved through @lookup (evttypes.c). */
int vg_evttypes_compute(const struct vg_ast *root, vg_macro_lookup_fn lookup, void *user,
			uint32_t max_depth, struct vg_evtset *ret, struct vg_diag *d);

#endif
