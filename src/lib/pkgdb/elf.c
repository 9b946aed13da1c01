/* SPDX-License-Identifier: Apache-2.0 */
/*
 * elf.c - section lookup and address mapping for ELF (and PE sections) over untrusted bytes.
 */
#include <errno.h>
#include <string.h>

#include "pkgdb/elf.h"
#include "util/banned.h"

#define SHT_NOBITS 8u
#define PT_LOAD 1u
#define PF_X 1u
#define PF_W 2u

uint16_t vg_rd16(const unsigned char *p, bool be)
{
	return be ? (uint16_t)((p[0] << 8) | p[1]) : (uint16_t)((p[1] << 8) | p[0]);
}

uint32_t vg_rd32(const unsigned char *p, bool be)
{
	if (be)
		return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
	return (uint32_t)p[3] << 24 | (uint32_t)p[2] << 16 | (uint32_t)p[1] << 8 | p[0];
}

uint64_t vg_rd64(const unsigned char *p, bool be)
{
	uint64_t hi = vg_rd32(be ? p : p + 4, be), lo = vg_rd32(be ? p + 4 : p, be);
	return hi << 32 | lo;
}

/* Is [off, off+size) inside a buffer of @len bytes? */
static bool in_bounds(uint64_t off, uint64_t size, size_t len)
{
	return off <= len && size <= len - off;
}

int vg_elf_open(const unsigned char *data, size_t len, struct vg_elf *ret_elf)
{
	struct vg_elf e;

	if (len < 52 || memcmp(data, "\x7f" "ELF", 4) != 0)
		return -EBADMSG;
	if (data[4] != 1 && data[4] != 2)
		return -EBADMSG;
	if (data[5] != 1 && data[5] != 2)
		return -EBADMSG;
	memset(&e, 0, sizeof(e));
	e.data = data;
	e.len = len;
	e.is64 = data[4] == 2;
	e.be = data[5] == 2;
	if (e.is64) {
		if (len < 64)
			return -EBADMSG;
		e.phoff = vg_rd64(data + 32, e.be);
		e.shoff = vg_rd64(data + 40, e.be);
		e.phentsize = vg_rd16(data + 54, e.be);
		e.phnum = vg_rd16(data + 56, e.be);
		e.shentsize = vg_rd16(data + 58, e.be);
		e.shnum = vg_rd16(data + 60, e.be);
		e.shstrndx = vg_rd16(data + 62, e.be);
	} else {
		e.phoff = vg_rd32(data + 28, e.be);
		e.shoff = vg_rd32(data + 32, e.be);
		e.phentsize = vg_rd16(data + 42, e.be);
		e.phnum = vg_rd16(data + 44, e.be);
		e.shentsize = vg_rd16(data + 46, e.be);
		e.shnum = vg_rd16(data + 48, e.be);
		e.shstrndx = vg_rd16(data + 50, e.be);
	}
	/* drop tables that are absent, use an entry size we cannot read, or leave the file */
	if (e.phentsize < (e.is64 ? 56u : 32u) || e.phoff == 0 ||
	    !in_bounds(e.phoff, (uint64_t)e.phnum * e.phentsize, len))
		e.phnum = 0;
	if (e.shentsize < (e.is64 ? 64u : 40u) || e.shoff == 0 ||
	    !in_bounds(e.shoff, (uint64_t)e.shnum * e.shentsize, len) || e.shstrndx >= e.shnum)
		e.shnum = 0;
	*ret_elf = e;
	return 0;
}

struct shdr {
	uint32_t name, type;
	uint64_t addr, off, size;
};

static void read_shdr(const struct vg_elf *e, uint32_t i, struct shdr *s)
{
	const unsigned char *p = e->data + e->shoff + (uint64_t)i * e->shentsize;

	s->name = vg_rd32(p, e->be);
	s->type = vg_rd32(p + 4, e->be);
	if (e->is64) {
		s->addr = vg_rd64(p + 16, e->be);
		s->off = vg_rd64(p + 24, e->be);
		s->size = vg_rd64(p + 32, e->be);
	} else {
		s->addr = vg_rd32(p + 12, e->be);
		s->off = vg_rd32(p + 16, e->be);
		s->size = vg_rd32(p + 20, e->be);
	}
}

bool vg_elf_section(const struct vg_elf *e, const char *name, struct vg_elf_range *ret)
{
	struct shdr strtab, s;
	size_t nlen = strlen(name);

	if (e->shnum == 0)
		return false;
	read_shdr(e, e->shstrndx, &strtab);
	if (strtab.type == SHT_NOBITS || !in_bounds(strtab.off, strtab.size, e->len))
		return false;
	for (uint32_t i = 0; i < e->shnum; i++) {
		read_shdr(e, i, &s);
		if (s.name >= strtab.size || strtab.size - s.name < nlen + 1)
			continue;
		const unsigned char *n = e->data + strtab.off + s.name;
		if (memcmp(n, name, nlen) != 0 || n[nlen] != '\0')
			continue;
		if (s.type == SHT_NOBITS || !in_bounds(s.off, s.size, e->len))
			return false;
		ret->off = s.off;
		ret->size = s.size;
		ret->addr = s.addr;
		return true;
	}
	return false;
}

struct phdr {
	uint32_t type, flags;
	uint64_t off, vaddr, filesz;
};

static void read_phdr(const struct vg_elf *e, uint32_t i, struct phdr *p)
{
	const unsigned char *q = e->data + e->phoff + (uint64_t)i * e->phentsize;

	p->type = vg_rd32(q, e->be);
	if (e->is64) {
		p->flags = vg_rd32(q + 4, e->be);
		p->off = vg_rd64(q + 8, e->be);
		p->vaddr = vg_rd64(q + 16, e->be);
		p->filesz = vg_rd64(q + 32, e->be);
	} else {
		p->off = vg_rd32(q + 4, e->be);
		p->vaddr = vg_rd32(q + 8, e->be);
		p->filesz = vg_rd32(q + 16, e->be);
		p->flags = vg_rd32(q + 24, e->be);
	}
}

bool vg_elf_data_segment(const struct vg_elf *e, struct vg_elf_range *ret)
{
	struct phdr p;

	for (uint32_t i = 0; i < e->phnum; i++) {
		read_phdr(e, i, &p);
		if (p.type != PT_LOAD || (p.flags & (PF_X | PF_W)) != PF_W)
			continue;
		if (!in_bounds(p.off, p.filesz, e->len))
			continue;
		ret->off = p.off;
		ret->size = p.filesz;
		ret->addr = p.vaddr;
		return true;
	}
	return false;
}

bool vg_elf_resolve(const struct vg_elf *e, uint64_t addr, uint64_t *ret_off, uint64_t *ret_avail)
{
	struct phdr p;

	for (uint32_t i = 0; i < e->phnum; i++) {
		read_phdr(e, i, &p);
		if (p.type != PT_LOAD || addr < p.vaddr || addr - p.vaddr >= p.filesz)
			continue;
		if (!in_bounds(p.off, p.filesz, e->len))
			continue;
		*ret_off = p.off + (addr - p.vaddr);
		*ret_avail = p.filesz - (addr - p.vaddr);
		return true;
	}
	return false;
}

bool vg_pe_section(const unsigned char *data, size_t len, const char *name,
		   struct vg_elf_range *ret)
{
	size_t nlen = strlen(name);

	if (nlen > 8 || len < 64 || data[0] != 'M' || data[1] != 'Z')
		return false;
	uint32_t pe = vg_rd32(data + 60, false);
	if (!in_bounds(pe, 24, len) || memcmp(data + pe, "PE\0\0", 4) != 0)
		return false;
	uint16_t nsec = vg_rd16(data + pe + 6, false);
	uint16_t optsize = vg_rd16(data + pe + 20, false);
	uint64_t sec = (uint64_t)pe + 24 + optsize;
	if (!in_bounds(sec, (uint64_t)nsec * 40, len))
		return false;
	for (uint16_t i = 0; i < nsec; i++) {
		const unsigned char *s = data + sec + (uint64_t)i * 40;
		if (memcmp(s, name, nlen) != 0 || (nlen < 8 && s[nlen] != '\0'))
			continue;
		uint32_t vaddr = vg_rd32(s + 12, false);
		uint32_t rawsize = vg_rd32(s + 16, false);
		uint32_t rawoff = vg_rd32(s + 20, false);
		uint32_t vsize = vg_rd32(s + 8, false);
		uint64_t size = rawsize;
		if (vsize && vsize < size)
			size = vsize; /* raw data is padded to the file alignment */
		if (!in_bounds(rawoff, size, len))
			return false;
		ret->off = rawoff;
		ret->size = size;
		ret->addr = vaddr;
		return true;
	}
	return false;
}
