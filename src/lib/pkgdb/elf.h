/* SPDX-License-Identifier: Apache-2.0 */
/*
 * pkgdb/elf.h - just enough ELF (32/64-bit, little/big endian) and PE to find a section by
 * name and map virtual addresses to file offsets, over an untrusted buffer. Every offset and
 * size read from the file is checked against the buffer before use.
 */
#ifndef VG_PKGDB_ELF_H
#define VG_PKGDB_ELF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct vg_elf {
	const unsigned char *data;
	size_t len;
	bool is64;
	bool be;
	uint64_t phoff;      /* program headers (0 when absent or out of bounds) */
	uint32_t phnum, phentsize;
	uint64_t shoff;      /* section headers (0 when absent or out of bounds) */
	uint32_t shnum, shentsize;
	uint32_t shstrndx;
};

/* A section or segment: where its bytes are in the file and where it is loaded. */
struct vg_elf_range {
	uint64_t off;        /* file offset; off + size <= len */
	uint64_t size;       /* bytes present in the file */
	uint64_t addr;       /* virtual address */
};

/* Parse the ELF header of @data. Returns 0 or -EBADMSG (not ELF / truncated header). Section
 * and program header tables that fall outside the buffer are dropped (shnum/phnum 0). */
int vg_elf_open(const unsigned char *data, size_t len, struct vg_elf *ret_elf)
	__attribute__((warn_unused_result));
/* Find section @name with file contents (not SHT_NOBITS). */
bool vg_elf_section(const struct vg_elf *e, const char *name, struct vg_elf_range *ret);
/* The first PT_LOAD segment that is writable and not executable (Go's data segment). */
bool vg_elf_data_segment(const struct vg_elf *e, struct vg_elf_range *ret);
/* Map virtual address @addr to a file offset inside a PT_LOAD segment's file bytes. */
bool vg_elf_resolve(const struct vg_elf *e, uint64_t addr, uint64_t *ret_off, uint64_t *ret_avail);

uint16_t vg_rd16(const unsigned char *p, bool be);
uint32_t vg_rd32(const unsigned char *p, bool be);
uint64_t vg_rd64(const unsigned char *p, bool be);

/* PE/COFF: find section @name (at most 8 bytes) in a PE image. */
bool vg_pe_section(const unsigned char *data, size_t len, const char *name,
		   struct vg_elf_range *ret);

#endif
