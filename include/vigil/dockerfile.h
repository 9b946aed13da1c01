/* SPDX-License-Identifier: Apache-2.0 */
/*
 * vigil/dockerfile.h - a Dockerfile parser with BuildKit's front-end semantics.
 *
 * Grammar (what vg_dockerfile_parse() understands):
 *
 *   file        := directive* (blank | comment | instruction)*
 *   directive   := '#' name '=' value          only before the first blank line, comment or
 *                                              instruction; known: syntax, escape (\ or `), check
 *   instruction := KEYWORD (flag)* args        KEYWORD case-insensitive
 *   continuation: a line whose last non-blank character is the escape character continues on
 *                 the next line; comment lines and blank lines inside a continuation are dropped
 *   flag        := '--' name ['=' value]        FROM, RUN, COPY, ADD, HEALTHCHECK only
 *   args        := JSON array of strings (exec form) | text (shell form)
 *   heredoc     := '<<' ['-'] (WORD | "WORD" | 'WORD')  in RUN/COPY/ADD shell form; the body is
 *                 the following lines up to a line equal to WORD ('-': leading tabs stripped)
 *
 * Variables: ARG before the first FROM is global and only expanded in FROM lines; inside a
 * stage, ARG (a bare "ARG NAME" takes the global default) and ENV (inherited from a base
 * stage) are expanded in ADD COPY ENV EXPOSE FROM LABEL STOPSIGNAL USER VOLUME WORKDIR, with
 * $X, ${X}, ${X:-word}, ${X-word}, ${X:+word}, ${X+word}; unknown variables expand to "" and
 * mark the instruction `unresolved`. RUN/CMD/ENTRYPOINT keep their text (the shell expands it).
 *
 * ONBUILD INSTR: the instruction keeps kind VG_DF_ONBUILD and args; ->trigger holds INSTR
 * parsed as an instruction of its own kind (marked onbuild).
 *
 * Malformed input (unknown instruction, unterminated heredoc or JSON array, instruction before
 * FROM, bad directive) is recorded as a problem with its line and parsing goes on; only a hit
 * limit (vigil/limits.h, struct vg_df_limits) stops the parse.
 *
 * Ownership: everything reachable from a struct vg_dockerfile lives in its arena and is freed
 * by vg_dockerfile_free(). Strings are NUL-terminated.
 */
#ifndef VIGIL_DOCKERFILE_H
#define VIGIL_DOCKERFILE_H

#include "common.h"
#include "diag.h"
#include "limits.h"

#ifdef __cplusplus
extern "C" {
#endif

enum vg_df_kind {
	VG_DF_UNKNOWN = 0,
	VG_DF_ADD,
	VG_DF_ARG,
	VG_DF_CMD,
	VG_DF_COPY,
	VG_DF_ENTRYPOINT,
	VG_DF_ENV,
	VG_DF_EXPOSE,
	VG_DF_FROM,
	VG_DF_HEALTHCHECK,
	VG_DF_LABEL,
	VG_DF_MAINTAINER,
	VG_DF_ONBUILD,
	VG_DF_RUN,
	VG_DF_SHELL,
	VG_DF_STOPSIGNAL,
	VG_DF_USER,
	VG_DF_VOLUME,
	VG_DF_WORKDIR,
};

/* "FROM", "RUN", ...; "UNKNOWN". */
VG_EXPORT const char *vg_df_kind_name(enum vg_df_kind k);

struct vg_df_flag {
	const char *name;  /* without "--" */
	const char *value; /* NULL for a bare --flag; expanded for FROM/COPY/ADD */
};

struct vg_df_kv {
	const char *key;
	const char *value; /* quotes removed, variables expanded; NULL: ARG without default */
};

struct vg_df_heredoc {
	const char *delim;    /* without quotes */
	bool quoted;          /* "EOF" or 'EOF': the body is not expanded */
	bool strip_tabs;      /* <<-EOF */
	const char *body;     /* lines between the opening line and the delimiter, each ending '\n' */
	uint32_t line, end_line; /* first body line, delimiter line */
};

struct vg_df_instr {
	enum vg_df_kind kind;
	const char *keyword;       /* as written */
	uint32_t line, end_line;   /* 1-based physical line range (heredoc bodies included) */
	uint32_t column;           /* 1-based column of the keyword */
	int32_t stage;             /* stage index; -1 before the first FROM */
	uint32_t kind_index;       /* 0-based index among instructions of this kind in the stage */
	const char *args;          /* text after keyword and flags, continuations joined */
	const char *expanded;      /* args with variables expanded (= args where not applicable) */
	bool unresolved;           /* expansion met an unset variable */
	bool json;                 /* exec form */
	size_t nflags;
	const struct vg_df_flag *flags;
	size_t nwords;             /* exec form: the array; shell form: words of `expanded`, */
	const char *const *words;  /* quotes removed */
	size_t nkv;                /* ENV, ARG, LABEL pairs */
	const struct vg_df_kv *kv;
	size_t nheredocs;
	const struct vg_df_heredoc *heredocs;
	/* ONBUILD: the trigger instruction parsed on its own (kind, flags, words, kv; lines and
	 * kind_index of the ONBUILD; onbuild = true; not expanded), or NULL when unparsable */
	const struct vg_df_instr *trigger;
	bool onbuild;              /* this is the trigger of an ONBUILD */
};

struct vg_df_stage {
	uint32_t index;
	const char *name;          /* "AS name" lowercased, or NULL */
	const char *image;         /* expanded FROM image */
	bool unresolved;           /* the image used an unset variable */
	int32_t base_stage;        /* index of the earlier stage the FROM names, or -1 */
	const struct vg_df_instr *from;
	size_t ninstrs;            /* FROM and everything up to the next FROM */
	const struct vg_df_instr *instrs;
};

/* A recoverable problem found while parsing. */
struct vg_df_problem {
	uint32_t line, column;
	const char *message; /* lowercase, no full stop */
};

/* A comment line: '#' is its first non-blank character and it is not a parser directive
 * (comment lines inside a continuation included; heredoc bodies are not comments). Kept for
 * inline suppressions ("# vigil:ignore=ID reason" above an instruction). */
struct vg_df_comment {
	uint32_t line, column; /* 1-based; the column of the '#' */
	const char *text;      /* after the '#', leading and trailing blanks removed */
};

struct vg_dockerfile {
	const char *file;
	char escape;            /* '\\' or '`' */
	const char *syntax;     /* "# syntax=" value or NULL */
	size_t ninstrs;
	const struct vg_df_instr *instrs;
	size_t nstages;
	const struct vg_df_stage *stages;
	size_t nproblems;
	const struct vg_df_problem *problems;
	size_t ncomments;       /* in line order */
	const struct vg_df_comment *comments;
};

/* Fill @ret with VG_DEFAULT_DF_* from vigil/limits.h. */
VG_EXPORT void vg_df_limits_init(struct vg_df_limits *ret);

/*
 * Parse @len bytes of @buf (need not be NUL-terminated) named @file (may be NULL) with @lim
 * (NULL: defaults). Returns 0 and *ret_df (free with vg_dockerfile_free) - recoverable problems
 * are in (*ret_df)->problems -; -EFBIG with @ret_diag (may be NULL) naming the limit; -ENOMEM;
 * -EINVAL. *ret_df is untouched on failure.
 */
VG_EXPORT VG_WUR int vg_dockerfile_parse(const char *file, const char *buf, size_t len,
					 const struct vg_df_limits *lim,
					 struct vg_dockerfile **ret_df, struct vg_diag *ret_diag);
VG_EXPORT void vg_dockerfile_free(struct vg_dockerfile *df);

/* The last flag --@name (case-insensitive) of @in, or NULL. */
VG_EXPORT const struct vg_df_flag *vg_df_flag_get(const struct vg_df_instr *in, const char *name);

#ifdef __cplusplus
}
#endif
#endif
