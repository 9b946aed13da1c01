/* SPDX-License-Identifier: Apache-2.0 */
/*
 * vigil/rules.h - Falco-compatible rule conditions: parse -> AST -> compile -> frozen,
 * refcounted program -> evaluate; list substitution; event-type sets; a per-event-type ruleset.
 *
 * Pipeline (docs/rules-engine.md):
 *
 *   text --vg_cond_subst_lists()--> text --vg_cond_parse()--> struct vg_cond_ast (arena)
 *        --vg_cond_compile(macro lookup)--> struct vg_cond (immutable, refcounted)
 *        --vg_cond_eval(event)--> bool         vg_ruleset: rules bucketed by event type
 *
 * The parser knows no fields; the compiler resolves fields through vigil/fields.h for one
 * source, type-checks operators and values, expands macros by AST substitution (through a
 * caller-provided lookup), computes the set of event types the condition can match, and
 * flattens the tree into a branch program (each check once; and/or/not become jumps) with
 * pre-built matchers: hash sets for in/intersects, a prefix trie for startswith lists, a path
 * trie for pmatch, Aho-Corasick for contains lists, PCRE2 (JIT) for regex, fnmatch for glob.
 * Evaluation allocates nothing and is safe to run concurrently on one program.
 *
 * ---- Grammar (libs' userspace/libsinsp/filter/parser.h, restated) ------------------------
 *
 *   B           := ' ' | '\t' | '\b' | '\r' | '\n'
 *   Expr        := OrExpr
 *   OrExpr      := AndExpr ( 'or' ( B+ AndExpr | '(' Expr ')' ) )*
 *   AndExpr     := NotExpr ( 'and' ( B+ NotExpr | '(' Expr ')' ) )*
 *   NotExpr     := ( 'not' B+ )* ( 'not(' Expr ')' | Check )   -- each 'not' toggles
 *   Check       := '(' Expr ')'
 *                | Field Condition
 *                | Transformer Condition
 *                | Identifier                                   -- a macro reference
 *   Condition   := 'exists'
 *                | NumOp  ( TransformerOrVal | HexNumber | Number )
 *                | StrOp  ( TransformerOrVal | QuotedStr | BareStr )
 *                | StrOp B* Modifier B+ ListValue               -- startswith oneof (a, b);
 *                  a modifier word not followed by '(' or a list name is a bare value
 *                | ListOp ( '(' [ StrValue ( ',' StrValue )* ] ')' | TransformerOrVal
 *                         | Identifier )
 *   Field       := FieldName ( '[' ( QuotedStr | FieldArgBare ) ']' )?
 *   Transformer := TrName '(' B* TrArg ( B* ',' B* TrArg )* B* ')'
 *   TrArg       := HexNumber | Number | QuotedStr | '(' TrListArgs ')' | Transformer | Field
 *   TrListArgs  := [ TrListArg ( ',' TrListArg )* ]   TrListArg := Field | Transformer
 *                                                                | QuotedStr | Number
 *   TransformerOrVal := 'val(' B* Field B* ')' | Transformer
 *   ListValue   := '(' [ StrValue ( ',' StrValue )* ] ')' | Identifier
 *   StrValue    := QuotedStr | BareStr
 *   NumOp       := '<=' | '<' | '>=' | '>'
 *   StrOp       := '==' | '=' | '!=' | 'glob' | 'iglob' | 'contains' | 'icontains'
 *                | 'bcontains' | 'startswith' | 'bstartswith' | 'endswith' | 'regex'
 *                  (the word operators must be followed by a blank)
 *   ListOp      := 'intersects' | 'in' | 'pmatch'   (no blank needed: in(a,b))
 *   Modifier    := 'oneof' | 'anyof' | 'allof'
 *   TrName      := 'tolower' | 'toupper' | 'b64' | 'basename' | 'len' | 'join' | 'concat'
 *                | 'getopt'
 *   Identifier  := [a-zA-Z]+[a-zA-Z0-9_]*
 *   FieldName   := [a-zA-Z]+[a-zA-Z0-9_]*(\.[a-zA-Z]+[a-zA-Z0-9_]*)+
 *   FieldArgBare:= [^][\"'[:space:]]+
 *   HexNumber   := 0[xX][0-9a-fA-F]+
 *   Number      := [+-]?[0-9]+[.]?[0-9]*([eE][+-][0-9]+)?
 *   BareStr     := [^()\"'[:space:]=,]+
 *   QuotedStr   := "..." | '...'  escapes \b \f \n \r \t \\ \/ and \" inside "...", \' inside
 *                  '...'; "\ " is a legacy backslash. Anything else is an error.
 *
 * Precedence: not > and > or; and/or are n-ary, left to right. Keywords are lowercase. The
 * whole text must be consumed. Recursion is capped (vg_cond_limits.max_depth, Falco's loader
 * uses 1000: "exceeded max depth limit of 1000").
 *
 * Errors go to a struct vg_diag: message as Falco words it, line/column (1-based) inside the
 * condition text where the parser stopped or of the offending node. Callers add the file/rule.
 */
#ifndef VIGIL_RULES_H
#define VIGIL_RULES_H

#include "common.h"
#include "diag.h"
#include "event.h"
#include "fields.h"
#include "limits.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- limits ------------------------------------------------------------------------------- */

struct vg_cond_limits {
	uint32_t max_depth;          /* parser recursion, and depth after macro expansion */
	size_t max_len;              /* bytes of one condition text (also after list substitution) */
	uint32_t max_nodes;          /* AST nodes of one parse */
	uint32_t max_expanded_nodes; /* checks + boolean nodes after macro expansion */
	uint32_t max_list_items;     /* values in one (...) list */
};

/* Fill @ret with the VG_DEFAULT_MAX_COND_* defaults of vigil/limits.h. */
VG_EXPORT void vg_cond_limits_init(struct vg_cond_limits *ret);

/* ---- operators ---------------------------------------------------------------------------- */

enum vg_op {
	VG_OP_NONE = 0,
	VG_OP_EQ,          /* = and == */
	VG_OP_NE,          /* != */
	VG_OP_LT,
	VG_OP_LE,
	VG_OP_GT,
	VG_OP_GE,
	VG_OP_CONTAINS,
	VG_OP_ICONTAINS,
	VG_OP_BCONTAINS,
	VG_OP_STARTSWITH,
	VG_OP_BSTARTSWITH,
	VG_OP_ENDSWITH,
	VG_OP_GLOB,
	VG_OP_IGLOB,
	VG_OP_REGEX,
	VG_OP_IN,
	VG_OP_INTERSECTS,
	VG_OP_PMATCH,
	VG_OP_EXISTS,
	VG_OP__COUNT,
};

enum vg_opmod {
	VG_MOD_NONE = 0,
	VG_MOD_ONEOF, /* exactly one list element matches */
	VG_MOD_ANYOF, /* at least one */
	VG_MOD_ALLOF, /* all */
};

/* "=", "!=", "<", "contains", "in", "exists" ... ("==" is reported as "="). */
VG_EXPORT const char *vg_op_name(enum vg_op op);
VG_EXPORT const char *vg_opmod_name(enum vg_opmod mod);
/* Parse an operator as written in a rule (used by exception "comps"): "=", "==", "startswith",
 * "startswith oneof" ... Returns false for unknown text or an illegal combination ("in oneof",
 * ">= oneof"); blanks between operator and modifier are normalised. */
VG_EXPORT bool vg_op_parse(const char *text, size_t len, enum vg_op *ret_op,
			   enum vg_opmod *ret_mod);
/* True for in, intersects, pmatch (exceptions wrap scalar values in parentheses for these). */
VG_EXPORT bool vg_op_is_list(enum vg_op op);

enum vg_transformer {
	VG_TR_NONE = 0,
	VG_TR_TOLOWER,
	VG_TR_TOUPPER,
	VG_TR_B64,
	VG_TR_BASENAME,
	VG_TR_LEN,
	VG_TR_JOIN,
	VG_TR_CONCAT,
	VG_TR_GETOPT,
	VG_TR_VAL,     /* val(field): the RHS is another field */
};

VG_EXPORT const char *vg_transformer_name(enum vg_transformer tr);

/* ---- AST ---------------------------------------------------------------------------------- */

enum vg_ast_kind {
	VG_AST_AND = 1,    /* u.nary: 2+ children */
	VG_AST_OR,         /* u.nary: 2+ children */
	VG_AST_NOT,        /* u.child */
	VG_AST_MACRO,      /* u.name: a bare identifier in boolean position */
	VG_AST_CHECK,      /* u.check */
	VG_AST_FIELD,      /* u.field: in a check's left/right or a transformer argument */
	VG_AST_TRANSFORM,  /* u.transform: tolower(...), val(...) ... */
	VG_AST_VALUE,      /* u.value: a literal (unescaped); also a list name left unresolved */
	VG_AST_LIST,       /* u.list: (a, "b", c) */
	VG_AST_TRLIST,     /* u.nary: join's (f1, f2) argument: fields, transformers, literals */
};

struct vg_ast_pos {
	uint32_t offset; /* 0-based byte offset in the condition text */
	uint32_t line;   /* 1-based */
	uint32_t col;    /* 1-based */
};

/*
 * A read-only node. All pointers point into the owning struct vg_cond_ast's arena (or, for
 * expanded trees, into the expansion's own arena).
 */
struct vg_ast {
	enum vg_ast_kind kind;
	struct vg_ast_pos pos;
	union {
		struct {
			struct vg_ast **kids;
			uint32_t count;
		} nary;                    /* AND, OR, TRLIST */
		struct vg_ast *child;      /* NOT */
		struct vg_str name;        /* MACRO */
		struct {
			struct vg_ast *left;   /* FIELD or TRANSFORM */
			enum vg_op op;
			enum vg_opmod mod;
			struct vg_ast *right;  /* NULL for exists; VALUE, LIST or TRANSFORM */
		} check;
		struct {
			struct vg_str name;    /* "proc.aname" */
			struct vg_str arg;     /* unescaped [arg]; absent when has_arg is false */
			bool has_arg;
		} field;
		struct {
			enum vg_transformer tr;
			struct vg_ast **args;
			uint32_t nargs;
			struct vg_str sel;     /* getopt(...)[c] selector; absent otherwise */
		} transform;
		struct {
			struct vg_str text;    /* unescaped; may contain NULs */
			bool quoted;
		} value;
		struct {
			struct vg_str *items;  /* unescaped values */
			uint32_t count;
		} list;
	} u;
};

/* The owner of one parsed condition: an arena with every node and string. */
struct vg_cond_ast;

/*
 * Parse @len bytes of @text (need not be NUL-terminated). @limits may be NULL for the defaults.
 * Returns 0 and *ret_ast (free with vg_cond_ast_free), -EBADMSG for a syntax error, -EFBIG for a
 * hit limit (both with @ret_diag: Falco's message, line/column in @text), -ENOMEM, -EINVAL.
 * *ret_ast is untouched on failure. An empty text is "filter input string is empty".
 */
VG_EXPORT VG_WUR int vg_cond_parse(const char *text, size_t len,
				    const struct vg_cond_limits *limits,
				    struct vg_cond_ast **ret_ast, struct vg_diag *ret_diag);
VG_EXPORT void vg_cond_ast_free(struct vg_cond_ast *ast);
/* Root node (borrowed, lives as long as @ast). */
VG_EXPORT const struct vg_ast *vg_cond_ast_root(const struct vg_cond_ast *ast);
/* Nodes allocated by the parse (for statistics and limits). */
VG_EXPORT size_t vg_cond_ast_node_count(const struct vg_cond_ast *ast);

enum vg_ast_style {
	/* Falco syntax, fully parenthesised, re-parseable: (a = b and not c in (x, "y z")) */
	VG_AST_STYLE_FALCO = 0,
	/* S-expressions for tests: (and [evt.type = open] (not [proc.name in (a, b)])) */
	VG_AST_STYLE_SEXPR,
};

/* Print @node into a malloc'd NUL-terminated string (*ret_text; free()). 0 or -ENOMEM. */
VG_EXPORT VG_WUR int vg_ast_print(const struct vg_ast *node, enum vg_ast_style style,
				   char **ret_text);

/* ---- macros ------------------------------------------------------------------------------- */

/*
 * Macro lookup: return the parsed condition of macro @name (length @len) visible from the
 * condition being compiled, or NULL when it is not defined (-> "Undefined macro 'x' used in
 * filter."). The loader implements Falco's visibility order here and can mark macros as used.
 * The returned tree must stay alive during the call that asked for it.
 */
typedef const struct vg_ast *(*vg_macro_lookup_fn)(void *user, const char *name, size_t len);

/*
 * Expand every macro reference of @root by AST substitution into a new, self-contained tree
 * (*ret_ast; macro trees are copied). Identifiers inside transformer arguments are not macros.
 * Errors: "Undefined macro 'x' used in filter." (-ENOENT), "reference loop in macro 'x'"
 * (-ELOOP), a depth or size limit (-EFBIG); position = the macro reference.
 */
VG_EXPORT VG_WUR int vg_cond_expand_macros(const struct vg_ast *root, vg_macro_lookup_fn lookup,
					    void *user, const struct vg_cond_limits *limits,
					    struct vg_cond_ast **ret_ast, struct vg_diag *ret_diag);

/* ---- lists -------------------------------------------------------------------------------- */

struct vg_cond_list {
	struct vg_str name;
	const struct vg_str *items; /* already expanded (nested lists resolved by the loader) */
	size_t count;
};

/*
 * Falco's textual list substitution (rule_loader_compiler.cpp resolve_list), applied for each
 * list of @lists in order: every occurrence of a list name delimited by the start/end of text or
 * one of " \t\n\r(),=" is replaced by its items joined with ", " (items containing a space and
 * not starting with a quote are wrapped in double quotes; an empty list also removes an adjacent
 * comma). @ret_used (optional, @nlists entries) reports which lists were substituted.
 * *ret_text is malloc'd, NUL-terminated (free()); *ret_len (optional) is its length.
 * Returns 0, -ENOMEM, -EFBIG when the result exceeds @max_len (0 = no limit).
 */
VG_EXPORT VG_WUR int vg_cond_subst_lists(const char *text, size_t len,
					  const struct vg_cond_list *lists, size_t nlists,
					  size_t max_len, bool *ret_used, char **ret_text,
					  size_t *ret_len);

/* ---- event types -------------------------------------------------------------------------- */

/*
 * The event types @root can match (libs' ppm_codes.cpp): evt.type = x / in (...) give explicit
 * sets, != the complement; and = intersection, or = union; negations are pushed to the leaves
 * (De Morgan); checks on other fields are neutral (all types). Macros are expanded through
 * @lookup (may be NULL; an unresolved identifier is neutral). Names vigil does not know add
 * nothing (vg_cond_compile rejects them: "unknown event type x"). A condition without any
 * evt.type restriction gives every type (vg_evtset_is_all). Errors: "reference loop in macro
 * 'x'" (-ELOOP), a depth limit (-EFBIG), evt.type compared with a field or under a transformer
 * (-EINVAL, libs' messages).
 */
VG_EXPORT VG_WUR int vg_cond_evttypes(const struct vg_ast *root, vg_macro_lookup_fn lookup,
				       void *user, struct vg_evtset *ret_set,
				       struct vg_diag *ret_diag);

/* ---- compile ------------------------------------------------------------------------------ */

enum vg_cond_warning {
	VG_COND_WARN_FIELD_AS_VALUE = 1, /* "'proc.pname' may be a valid field misused as a const
					  * string value" (LOAD_COMPILE_CONDITION) */
	VG_COND_WARN_UNSAFE_NA,          /* a ka. or jevt. field compared with "<NA>"
					  * (LOAD_UNSAFE_NA_CHECK) */
	VG_COND_WARN_DEPRECATED_FIELD,   /* evt.dir, evt.latency* ... (LOAD_DEPRECATED_ITEM) */
};

typedef void (*vg_cond_warn_fn)(void *user, enum vg_cond_warning code,
				const struct vg_ast_pos *pos, const char *message);

struct vg_cond_compile_opts {
	enum vg_source source;           /* required */
	vg_macro_lookup_fn macro_lookup; /* NULL = no macros defined */
	void *macro_user;
	vg_cond_warn_fn warn;            /* optional */
	void *warn_user;
	const struct vg_cond_limits *limits; /* NULL = defaults */
};

/* A compiled condition: immutable, refcounted, shareable across threads. */
struct vg_cond;

/*
 * Compile @root for opts->source. Returns 0 and *ret_cond (refcount 1), or an error with
 * @ret_diag holding Falco's message and the position of the offending node (positions inside a
 * macro refer to that macro's text):
 *   -ENOENT  "filter_check called with nonexistent field proc.foo", "unknown event type x",
 *            "Undefined macro 'x' used in filter."
 *   -EINVAL  "filter error: 'contains' operator not supported for numeric filters",
 *            "abc is not a valid number", "invalid regex pattern: ...", argument errors ...
 *   -ELOOP   "reference loop in macro 'x'"
 *   -EFBIG   a limit of opts->limits
 *   -ENOMEM
 */
VG_EXPORT VG_WUR int vg_cond_compile(const struct vg_ast *root,
				      const struct vg_cond_compile_opts *opts,
				      struct vg_cond **ret_cond, struct vg_diag *ret_diag);

/* Parse + compile in one step (no list substitution). */
VG_EXPORT VG_WUR int vg_cond_compile_text(const char *text, size_t len,
					   const struct vg_cond_compile_opts *opts,
					   struct vg_cond **ret_cond, struct vg_diag *ret_diag);

/* Take / drop a reference; the last unref frees. Both accept NULL. Thread-safe. */
VG_EXPORT struct vg_cond *vg_cond_ref(struct vg_cond *cond);
VG_EXPORT void vg_cond_unref(struct vg_cond *cond);

VG_EXPORT enum vg_source vg_cond_source(const struct vg_cond *cond);
/* The event types the condition can match (borrowed, lives as long as @cond). */
VG_EXPORT const struct vg_evtset *vg_cond_evtset(const struct vg_cond *cond);
/* Number of checks in the flattened program (after macro expansion). */
VG_EXPORT size_t vg_cond_check_count(const struct vg_cond *cond);

/*
 * Evaluate @cond on @event (a struct vg_sys_event * or struct vg_audit_event * whose first
 * member, the source, must equal vg_cond_source(cond); false otherwise). No allocation, no
 * global state; concurrent calls on one @cond are safe.
 */
VG_EXPORT bool vg_cond_eval(const struct vg_cond *cond, const void *event);

/* ---- ruleset: per-event-type buckets ------------------------------------------------------ */

/*
 * A set of compiled rule conditions of one source, bucketed by event type so that an event is
 * evaluated only against the rules that can match it, in the order the rules were added (Falco's
 * definition order). Build it (new + add), then share it (ref) and evaluate from any thread; do
 * not add after it is shared. Audit (k8s_audit) rules all go in one bucket.
 */
struct vg_ruleset;

enum vg_match_mode {
	VG_MATCH_FIRST = 0, /* stop at the first matching rule (falco.yaml rule_matching: first) */
	VG_MATCH_ALL,       /* every matching rule */
};

VG_EXPORT VG_WUR int vg_ruleset_new(enum vg_source source, struct vg_ruleset **ret_rs);
/* Add @cond (the ruleset takes its own reference) as rule @rule_id. -EINVAL on a source
 * mismatch, -ENOMEM, -EFBIG past UINT32_MAX rules. */
VG_EXPORT VG_WUR int vg_ruleset_add(struct vg_ruleset *rs, struct vg_cond *cond,
				     uint32_t rule_id);
VG_EXPORT struct vg_ruleset *vg_ruleset_ref(struct vg_ruleset *rs);
VG_EXPORT void vg_ruleset_unref(struct vg_ruleset *rs);
VG_EXPORT size_t vg_ruleset_count(const struct vg_ruleset *rs);
/* Union of the event types of every rule: the syscalls a driver must capture for it. */
VG_EXPORT void vg_ruleset_evtset(const struct vg_ruleset *rs, struct vg_evtset *ret_set);
/* Rule ids in the bucket of @type, in evaluation order (borrowed). */
VG_EXPORT size_t vg_ruleset_bucket(const struct vg_ruleset *rs, enum vg_evt_type type,
				   const uint32_t **ret_ids);
/*
 * Evaluate @event against the rules of its event type. Writes the ids of matching rules (in
 * order) to @ret_ids (up to @cap) and returns the number of matches (which may exceed @cap in
 * VG_MATCH_ALL mode; only @cap are written). No allocation.
 */
VG_EXPORT size_t vg_ruleset_eval(const struct vg_ruleset *rs, const void *event,
				 enum vg_match_mode mode, uint32_t *ret_ids, size_t cap);

#ifdef __cplusplus
}
#endif
#endif
