/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_image.c - container images end to end on images built here with libarchive's writer:
 * a docker-archive (plain, gzip-compressed, skopeo-style with symlinked layer.tar, Docker >= 25
 * with an OCI layout inside), an OCI layout directory with a gzip and a zstd layer, an OCI
 * archive with a nested multi-platform index, and root filesystem directories. Checks entry
 * types and paths, whiteout semantics on the inventory, path traversal, every limit with its
 * exact message, and broken tars.
 */
#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "image/image_internal.h"
#include "util/sha256.h"
#include "vigil/image.h"
#include "vigil/pkg.h"

/* ---- building tars --------------------------------------------------------------------------- */

struct tent {
	const char *path;
	char type;        /* 'f' file, 'd' dir, 'l' symlink, 'h' hardlink */
	const char *data; /* file content or link target */
	size_t len;       /* file length; 0 = strlen(data) */
};

struct mbuf {
	unsigned char *p;
	size_t len, cap;
};

static la_ssize_t mbuf_write(struct archive *a, void *ud, const void *buf, size_t n)
{
	(void)a;
	struct mbuf *b = ud;
	if (b->len + n > b->cap) {
		size_t cap = b->cap ? b->cap : 4096;
		while (cap < b->len + n)
			cap *= 2;
		b->p = realloc(b->p, cap);
		assert_non_null(b->p);
		b->cap = cap;
	}
	memcpy(b->p + b->len, buf, n);
	b->len += n;
	return (la_ssize_t)n;
}

/* A tar of @n entries, compressed with @filter ('n' none, 'g' gzip, 'z' zstd). */
static unsigned char *make_tar(const struct tent *e, size_t n, char filter, size_t *ret_len)
{
	struct archive *a = archive_write_new();
	assert_int_equal(archive_write_set_format_pax_restricted(a), ARCHIVE_OK);
	if (filter == 'g')
		assert_int_equal(archive_write_add_filter_gzip(a), ARCHIVE_OK);
	else if (filter == 'z')
		assert_int_equal(archive_write_add_filter_zstd(a), ARCHIVE_OK);
	archive_write_set_bytes_in_last_block(a, 1);
	struct mbuf b = { 0 };
	assert_int_equal(archive_write_open2(a, &b, NULL, mbuf_write, NULL, NULL), ARCHIVE_OK);
	for (size_t i = 0; i < n; i++) {
		struct archive_entry *en = archive_entry_new();
		archive_entry_set_pathname(en, e[i].path);
		archive_entry_set_mtime(en, 0, 0);
		size_t len = 0;
		switch (e[i].type) {
		case 'd':
			archive_entry_set_filetype(en, AE_IFDIR);
			archive_entry_set_perm(en, 0755);
			break;
		case 'l':
			archive_entry_set_filetype(en, AE_IFLNK);
			archive_entry_set_perm(en, 0777);
			archive_entry_set_symlink(en, e[i].data);
			break;
		case 'h':
			archive_entry_set_filetype(en, AE_IFREG);
			archive_entry_set_perm(en, 0644);
			archive_entry_set_hardlink(en, e[i].data);
			break;
		default:
			len = e[i].len ? e[i].len : (e[i].data ? strlen(e[i].data) : 0);
			archive_entry_set_filetype(en, AE_IFREG);
			archive_entry_set_perm(en, 0644);
			archive_entry_set_size(en, (la_int64_t)len);
			break;
		}
		assert_int_equal(archive_write_header(a, en), ARCHIVE_OK);
		if (len)
			assert_int_equal(archive_write_data(a, e[i].data, len), (la_ssize_t)len);
		archive_entry_free(en);
	}
	assert_int_equal(archive_write_close(a), ARCHIVE_OK);
	archive_write_free(a);
	*ret_len = b.len;
	return b.p;
}

static void write_file(const char *path, const void *data, size_t len)
{
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	fclose(f);
}

static void sha_hex(const void *data, size_t len, char out[VG_SHA256_HEX_LEN + 1])
{
	unsigned char d[VG_SHA256_LEN];
	vg_sha256(data, len, d);
	vg_sha256_hex(d, out);
}

static char tmproot[256];

static const char *tmp(const char *name)
{
	static char bufs[8][512];
	static int k;
	char *b = bufs[k++ % 8];
	snprintf(b, 512, "%s/%s", tmproot, name);
	return b;
}

static void rm_rf(const char *p)
{
	char cmd[600];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", p);
	assert_int_equal(system(cmd), 0);
}

/* ---- the test image -------------------------------------------------------------------------- */

static const char status1[] =
	"Package: pkg-a\nStatus: install ok installed\nVersion: 1.0\nArchitecture: amd64\n"
	"Maintainer: A <a@example.org>\nDescription: a\n\n"
	"Package: pkg-b\nStatus: install ok installed\nVersion: 2.0-1+deb12u1\nSource: srcb\n"
	"Architecture: amd64\nDescription: b\n";
static const char status2[] =
	"Package: pkg-c\nStatus: install ok installed\nVersion: 1:3.0+dfsg-1\nArchitecture: all\n"
	"Description: c\n";
static const char os_release[] =
	"PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nNAME=\"Debian GNU/Linux\"\nVERSION_ID=\"12\"\n"
	"VERSION=\"12 (bookworm)\"\nVERSION_CODENAME=bookworm\nID=debian\n";

static const struct tent layer1[] = {
	{ "./", 'd', NULL, 0 },
	{ "./etc/", 'd', NULL, 0 },
	{ "./etc/os-release", 'l', "../usr/lib/os-release", 0 },
	{ "./etc/debian_version", 'f', "12.15\n", 0 },
	{ "./etc/motd", 'f', "hello\n", 0 },
	{ "./usr/lib/os-release", 'f', os_release, 0 },
	{ "./usr/share/doc/curl/copyright", 'f', "(c)\n", 0 },
	{ "./opt/data/", 'd', NULL, 0 },
	{ "./opt/data/old.txt", 'f', "old\n", 0 },
	{ "./opt/data/sub/deep.txt", 'f', "deep\n", 0 },
	{ "./var/lib/dpkg/status", 'f', status1, 0 },
	{ "./bin/sh", 'f', "#!shell\n", 0 },
	{ "./bin/hard", 'h', "./bin/sh", 0 },
};

/* replaces the dpkg database, deletes a file and a directory, makes /opt/data opaque */
static const struct tent layer2[] = {
	{ "etc/", 'd', NULL, 0 },
	{ "etc/.wh.motd", 'f', "", 0 },
	{ "usr/share/doc/.wh.curl", 'f', "", 0 },
	{ "opt/data/.wh..wh..opq", 'f', "", 0 },
	{ "opt/data/new.txt", 'f', "new\n", 0 },
	{ "var/lib/dpkg/status", 'f', status2, 0 },
	{ "tmp/.wh..wh.plnk", 'f', "", 0 },
};

/* deletes the dpkg database */
static const struct tent layer2_delete[] = {
	{ "var/lib/dpkg/.wh.status", 'f', "", 0 },
};

struct built {
	unsigned char *l[2];   /* uncompressed layer tars */
	size_t n[2];
	char diff[2][80];      /* "sha256:<hex>" */
	char *config;
	char config_hex[VG_SHA256_HEX_LEN + 1];
};

static void build_layers(struct built *b, bool deleting)
{
	b->l[0] = make_tar(layer1, sizeof(layer1) / sizeof(layer1[0]), 'n', &b->n[0]);
	if (deleting)
		b->l[1] = make_tar(layer2_delete, 1, 'n', &b->n[1]);
	else
		b->l[1] = make_tar(layer2, sizeof(layer2) / sizeof(layer2[0]), 'n', &b->n[1]);
	for (int i = 0; i < 2; i++) {
		char hex[VG_SHA256_HEX_LEN + 1];
		sha_hex(b->l[i], b->n[i], hex);
		snprintf(b->diff[i], sizeof(b->diff[i]), "sha256:%s", hex);
	}
	char cfg[2048];
	snprintf(cfg, sizeof(cfg),
		 "{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{\"User\":\"app\","
		 "\"Env\":[\"PATH=/usr/bin\",\"A=b\"],\"Entrypoint\":[\"/bin/sh\",\"-c\"],"
		 "\"Cmd\":[\"run\"],\"WorkingDir\":\"/app\",\"ExposedPorts\":{\"8080/tcp\":{}},"
		 "\"Labels\":{\"org.example\":\"yes\"}},"
		 "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"%s\",\"%s\"]},"
		 "\"history\":[{\"created_by\":\"layer one\"},{\"created_by\":\"ENV x\","
		 "\"empty_layer\":true},{\"created_by\":\"layer two\"}]}",
		 b->diff[0], b->diff[1]);
	b->config = strdup(cfg);
	sha_hex(b->config, strlen(b->config), b->config_hex);
}

static void free_built(struct built *b)
{
	free(b->l[0]);
	free(b->l[1]);
	free(b->config);
}

#define LONGDIR "a-very-long-directory-name-that-forces-a-pax-extended-header-in-the-outer-tar/" \
		"and-some-more-characters-to-be-sure/"

/* docker save: manifest.json, <hex>.json config, layers under long names (pax headers). */
static void write_docker_archive(const char *file, const struct built *b, char filter,
				 const char *repotag)
{
	char manifest[1024], cfgname[128];
	snprintf(cfgname, sizeof(cfgname), "%s.json", b->config_hex);
	snprintf(manifest, sizeof(manifest),
		 "[{\"Config\":\"%s\",\"RepoTags\":[\"%s\"],\"Layers\":[\"" LONGDIR "l1/layer.tar\","
		 "\"" LONGDIR "l2/layer.tar\"]}]",
		 cfgname, repotag);
	struct tent e[] = {
		{ LONGDIR "l1/layer.tar", 'f', (const char *)b->l[0], b->n[0] },
		{ LONGDIR "l2/layer.tar", 'f', (const char *)b->l[1], b->n[1] },
		{ cfgname, 'f', b->config, 0 },
		{ "manifest.json", 'f', manifest, 0 },
	};
	size_t len;
	unsigned char *t = make_tar(e, 4, filter, &len);
	write_file(file, t, len);
	free(t);
}

/* skopeo 1.9: <diffid>.tar at the top, <id>/layer.tar symlinks to them; Layers use the links. */
static void write_skopeo_archive(const char *file, const struct built *b)
{
	char names[2][96], links[2][96], targets[2][200], manifest[1024], cfgname[128];
	for (int i = 0; i < 2; i++) {
		snprintf(names[i], sizeof(names[i]), "%s.tar", b->diff[i] + 7);
		snprintf(links[i], sizeof(links[i]), "id%d/layer.tar", i);
		snprintf(targets[i], sizeof(targets[i]), "../%s", names[i]);
	}
	snprintf(cfgname, sizeof(cfgname), "%s.json", b->config_hex);
	snprintf(manifest, sizeof(manifest),
		 "[{\"Config\":\"%s\",\"RepoTags\":[\"docker.io/example/skopeo:1\"],"
		 "\"Layers\":[\"%s\",\"%s\"]}]",
		 cfgname, links[0], links[1]);
	struct tent e[] = {
		{ names[0], 'f', (const char *)b->l[0], b->n[0] },
		{ names[1], 'f', (const char *)b->l[1], b->n[1] },
		{ cfgname, 'f', b->config, 0 },
		{ links[0], 'l', targets[0], 0 },
		{ links[1], 'l', targets[1], 0 },
		{ "manifest.json", 'f', manifest, 0 },
		{ "repositories", 'f', "{}", 0 },
	};
	size_t len;
	unsigned char *t = make_tar(e, 7, 'n', &len);
	write_file(file, t, len);
	free(t);
}

/* blobs of an OCI image: layer 1 gzip, layer 2 zstd; manifest; returns manifest digest hex. */
struct oci_blobs {
	unsigned char *lz[2];
	size_t nz[2];
	char lhex[2][VG_SHA256_HEX_LEN + 1];
	char *manifest;
	char mhex[VG_SHA256_HEX_LEN + 1];
};

static void make_oci_blobs(const struct built *b, struct oci_blobs *o)
{
	o->lz[0] = make_tar(layer1, sizeof(layer1) / sizeof(layer1[0]), 'g', &o->nz[0]);
	o->lz[1] = make_tar(layer2, sizeof(layer2) / sizeof(layer2[0]), 'z', &o->nz[1]);
	for (int i = 0; i < 2; i++)
		sha_hex(o->lz[i], o->nz[i], o->lhex[i]);
	char m[2048];
	snprintf(m, sizeof(m),
		 "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
		 "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\","
		 "\"digest\":\"sha256:%s\",\"size\":%zu},\"layers\":["
		 "{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\","
		 "\"digest\":\"sha256:%s\",\"size\":%zu},"
		 "{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+zstd\","
		 "\"digest\":\"sha256:%s\",\"size\":%zu}]}",
		 b->config_hex, strlen(b->config), o->lhex[0], o->nz[0], o->lhex[1], o->nz[1]);
	o->manifest = strdup(m);
	sha_hex(o->manifest, strlen(o->manifest), o->mhex);
}

static void free_oci_blobs(struct oci_blobs *o)
{
	free(o->lz[0]);
	free(o->lz[1]);
	free(o->manifest);
}

static const char zero_hex[] = "0000000000000000000000000000000000000000000000000000000000000000";

/* OCI layout directory: index.json with refs "other" and "v1" (both the same manifest). */
static void write_oci_layout(const char *dir, const struct built *b, const struct oci_blobs *o)
{
	char p[600], idx[1024];
	rm_rf(dir);
	snprintf(p, sizeof(p), "%s/blobs/sha256", dir);
	char cmd[700];
	snprintf(cmd, sizeof(cmd), "mkdir -p '%s'", p);
	assert_int_equal(system(cmd), 0);
	snprintf(p, sizeof(p), "%s/oci-layout", dir);
	write_file(p, "{\"imageLayoutVersion\":\"1.0.0\"}", 30);
	snprintf(idx, sizeof(idx),
		 "{\"schemaVersion\":2,\"manifests\":["
		 "{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"sha256:%s\","
		 "\"size\":%zu,\"annotations\":{\"org.opencontainers.image.ref.name\":\"other\"},"
		 "\"platform\":{\"os\":\"linux\",\"architecture\":\"arm64\"}},"
		 "{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"sha256:%s\","
		 "\"size\":%zu,\"annotations\":{\"org.opencontainers.image.ref.name\":\"v1\"}}]}",
		 zero_hex, (size_t)10, o->mhex, strlen(o->manifest));
	snprintf(p, sizeof(p), "%s/index.json", dir);
	write_file(p, idx, strlen(idx));
	snprintf(p, sizeof(p), "%s/blobs/sha256/%s", dir, o->mhex);
	write_file(p, o->manifest, strlen(o->manifest));
	snprintf(p, sizeof(p), "%s/blobs/sha256/%s", dir, b->config_hex);
	write_file(p, b->config, strlen(b->config));
	for (int i = 0; i < 2; i++) {
		snprintf(p, sizeof(p), "%s/blobs/sha256/%s", dir, o->lhex[i]);
		write_file(p, o->lz[i], o->nz[i]);
	}
}

/* OCI archive: index.json -> nested index (arm64 missing blob first, then amd64). */
static void write_oci_archive(const char *file, const struct built *b, const struct oci_blobs *o,
			      bool docker25)
{
	char nested[1024], nhex[VG_SHA256_HEX_LEN + 1], idx[1024];
	snprintf(nested, sizeof(nested),
		 "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\","
		 "\"manifests\":["
		 "{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"sha256:%s\","
		 "\"size\":10,\"platform\":{\"os\":\"linux\",\"architecture\":\"arm64\"}},"
		 "{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"sha256:%s\","
		 "\"size\":%zu,\"platform\":{\"os\":\"linux\",\"architecture\":\"amd64\"}}]}",
		 zero_hex, o->mhex, strlen(o->manifest));
	sha_hex(nested, strlen(nested), nhex);
	snprintf(idx, sizeof(idx),
		 "{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":"
		 "\"application/vnd.oci.image.index.v1+json\",\"digest\":\"sha256:%s\",\"size\":%zu,"
		 "\"annotations\":{\"org.opencontainers.image.ref.name\":\"multi\"}}]}",
		 nhex, strlen(nested));
	char bn[6][100], manifest[1024];
	snprintf(bn[0], 100, "blobs/sha256/%s", nhex);
	snprintf(bn[1], 100, "blobs/sha256/%s", o->mhex);
	snprintf(bn[2], 100, "blobs/sha256/%s", b->config_hex);
	snprintf(bn[3], 100, "blobs/sha256/%s", o->lhex[0]);
	snprintf(bn[4], 100, "blobs/sha256/%s", o->lhex[1]);
	snprintf(manifest, sizeof(manifest),
		 "[{\"Config\":\"%s\",\"RepoTags\":[\"example/docker25:latest\"],\"Layers\":[\"%s\",\"%s\"]}]",
		 bn[2], bn[3], bn[4]);
	struct tent e[] = {
		{ "oci-layout", 'f', "{\"imageLayoutVersion\":\"1.0.0\"}", 0 },
		{ "index.json", 'f', idx, 0 },
		{ "blobs/", 'd', NULL, 0 },
		{ "blobs/sha256/", 'd', NULL, 0 },
		{ bn[0], 'f', nested, 0 },
		{ bn[1], 'f', o->manifest, 0 },
		{ bn[2], 'f', b->config, 0 },
		{ bn[3], 'f', (const char *)o->lz[0], o->nz[0] },
		{ bn[4], 'f', (const char *)o->lz[1], o->nz[1] },
		{ "manifest.json", 'f', manifest, 0 },
	};
	size_t len;
	unsigned char *t = make_tar(e, docker25 ? 10 : 9, 'n', &len);
	write_file(file, t, len);
	free(t);
}

static void mkdirs(const char *root, const char *rel)
{
	char cmd[800];
	snprintf(cmd, sizeof(cmd), "mkdir -p '%s/%s'", root, rel);
	assert_int_equal(system(cmd), 0);
}

static void put_file(const char *root, const char *rel, const char *data)
{
	char p[800];
	snprintf(p, sizeof(p), "%s/%s", root, rel);
	write_file(p, data, strlen(data));
}

/* The merged filesystem of layer1 + layer2, as a directory, plus traps. */
static void write_rootfs(const char *dir)
{
	rm_rf(dir);
	mkdirs(dir, "etc");
	mkdirs(dir, "usr/lib");
	mkdirs(dir, "var/lib/dpkg");
	mkdirs(dir, "opt/data");
	mkdirs(dir, "proc/1");
	mkdirs(dir, "bin");
	put_file(dir, "usr/lib/os-release", os_release);
	put_file(dir, "etc/debian_version", "12.15\n");
	put_file(dir, "var/lib/dpkg/status", status2);
	put_file(dir, "opt/data/new.txt", "new\n");
	put_file(dir, "proc/1/status", "ignored\n");
	put_file(dir, "bin/sh", "#!shell\n");
	char p[800];
	snprintf(p, sizeof(p), "%s/etc/os-release", dir);
	assert_int_equal(symlink("../usr/lib/os-release", p), 0);
	snprintf(p, sizeof(p), "%s/etc/shadow-link", dir);
	assert_int_equal(symlink("/etc/shadow", p), 0);
	snprintf(p, sizeof(p), "%s/etc/escape", dir);
	assert_int_equal(symlink("../../../../../../etc/passwd", p), 0);
}

/* ---- fixtures -------------------------------------------------------------------------------- */

static struct built B, BDEL;
static struct oci_blobs O;

static int setup(void **state)
{
	(void)state;
	snprintf(tmproot, sizeof(tmproot), "/tmp/vigil-test-image-XXXXXX");
	if (!mkdtemp(tmproot))
		return -1;
	build_layers(&B, false);
	build_layers(&BDEL, true);
	make_oci_blobs(&B, &O);
	write_docker_archive(tmp("docker.tar"), &B, 'n', "docker.io/example/app:1.0");
	write_docker_archive(tmp("docker.tar.gz"), &B, 'g', "example/app:gz");
	write_docker_archive(tmp("docker-del.tar"), &BDEL, 'n', "example/app:del");
	write_skopeo_archive(tmp("skopeo.tar"), &B);
	write_oci_layout(tmp("oci"), &B, &O);
	write_oci_archive(tmp("oci.tar"), &B, &O, false);
	write_oci_archive(tmp("docker25.tar"), &B, &O, true);
	write_rootfs(tmp("rootfs"));
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	free_built(&B);
	free_built(&BDEL);
	free_oci_blobs(&O);
	rm_rf(tmproot);
	return 0;
}

/* ---- helpers for assertions ------------------------------------------------------------------ */

struct seen {
	char *path;
	enum vg_entry_type type;
	uint32_t layer;
	char *link;
	char *content;
};

struct collect {
	struct seen *v;
	size_t n, cap;
	bool read;
};

static int collect_cb(const struct vg_entry *e, struct vg_entry_reader *r, void *ud)
{
	struct collect *c = ud;
	if (c->n == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 64;
		c->v = realloc(c->v, c->cap * sizeof(*c->v));
	}
	struct seen *s = &c->v[c->n++];
	memset(s, 0, sizeof(*s));
	s->path = strdup(e->path);
	s->type = e->type;
	s->layer = e->layer;
	s->link = e->link ? strdup(e->link) : NULL;
	if (c->read && e->type == VG_ENTRY_FILE) {
		unsigned char *buf;
		size_t len;
		int r2 = vg_entry_read_all(r, &buf, &len);
		if (r2 < 0)
			return r2;
		s->content = (char *)buf;
	}
	return 0;
}

static void collect_free(struct collect *c)
{
	for (size_t i = 0; i < c->n; i++) {
		free(c->v[i].path);
		free(c->v[i].link);
		free(c->v[i].content);
	}
	free(c->v);
}

static const struct seen *find_seen(const struct collect *c, const char *path, uint32_t layer)
{
	for (size_t i = 0; i < c->n; i++)
		if (strcmp(c->v[i].path, path) == 0 && c->v[i].layer == layer)
			return &c->v[i];
	return NULL;
}

static struct vg_image *open_ok(const char *path, const char *ref, const struct vg_image_limits *l)
{
	struct vg_image *img = NULL;
	struct vg_diag d;
	int r = vg_image_open(path, ref, l, &img, &d);
	if (r != 0)
		fail_msg("open %s: %d %s: %s", path, r, d.file, d.message);
	return img;
}

static struct vg_inventory *inventory_ok(struct vg_image *img)
{
	struct vg_inventory *inv = NULL;
	struct vg_diag d;
	int r = vg_image_inventory(img, NULL, &inv, &d);
	if (r != 0)
		fail_msg("inventory: %d %s: %s", r, d.file, d.message);
	return inv;
}

/* ---- tests ----------------------------------------------------------------------------------- */

static void test_limits_defaults(void **state)
{
	(void)state;
	struct vg_image_limits l;
	vg_image_limits_init(&l);
	assert_int_equal(l.max_layers, 256);
	assert_int_equal(l.max_entries, 2000000);
	assert_true(l.max_total_bytes == 32ull << 30);
	assert_int_equal(l.max_ratio, 200);
	assert_int_equal(l.max_path_len, 4096);
	assert_int_equal(l.max_file_read, 256u << 20);
	assert_int_equal(l.max_json, 16u << 20);
	assert_string_equal(vg_image_kind_name(VG_IMAGE_DOCKER_ARCHIVE), "docker-archive");
	assert_string_equal(vg_image_kind_name(VG_IMAGE_OCI_LAYOUT), "oci-layout");
	assert_string_equal(vg_image_kind_name(VG_IMAGE_OCI_ARCHIVE), "oci-archive");
	assert_string_equal(vg_image_kind_name(VG_IMAGE_ROOTFS), "rootfs");
}

static void check_config(struct vg_image *img)
{
	const struct vg_image_config *c = vg_image_config(img);
	assert_non_null(c);
	assert_string_equal(c->os, "linux");
	assert_string_equal(c->architecture, "amd64");
	assert_string_equal(c->user, "app");
	assert_string_equal(c->working_dir, "/app");
	assert_int_equal(c->nenv, 2);
	assert_string_equal(c->env[1], "A=b");
	assert_int_equal(c->nentrypoint, 2);
	assert_string_equal(c->entrypoint[0], "/bin/sh");
	assert_int_equal(c->ncmd, 1);
	assert_string_equal(c->cmd[0], "run");
	assert_int_equal(c->nexposed_ports, 1);
	assert_string_equal(c->exposed_ports[0], "8080/tcp");
	assert_int_equal(c->nlabels, 1);
	assert_string_equal(c->labels[0].key, "org.example");
	assert_string_equal(c->labels[0].value, "yes");
	assert_int_equal(c->nhistory, 3);
	assert_true(c->history[1].empty_layer);
	assert_int_equal(vg_image_layer_count(img), 2);
	assert_string_equal(vg_image_layer(img, 0)->diff_id, B.diff[0]);
	assert_string_equal(vg_image_layer(img, 1)->diff_id, B.diff[1]);
	assert_string_equal(vg_image_layer(img, 0)->created_by, "layer one");
	assert_string_equal(vg_image_layer(img, 1)->created_by, "layer two");
	assert_null(vg_image_layer(img, 2));
}

/* The merged inventory: only layer 2's dpkg database, attributed to layer 2, Debian 12.15. */
static void check_inventory(struct vg_image *img, const char *want_layer)
{
	struct vg_inventory *inv = inventory_ok(img);
	assert_int_equal(vg_inventory_count(inv), 1);
	const struct vg_pkg *p = vg_inventory_get(inv, 0);
	assert_string_equal(p->name, "pkg-c");
	assert_string_equal(p->version, "1:3.0+dfsg-1");
	assert_string_equal(p->file, "/var/lib/dpkg/status");
	if (want_layer)
		assert_string_equal(p->layer, want_layer);
	else
		assert_null(p->layer);
	assert_string_equal(p->ecosystem, "Debian:12");
	assert_string_equal(p->purl, "pkg:deb/debian/pkg-c@1:3.0%2Bdfsg-1?arch=all&distro=debian-12.15");
	const struct vg_os *os = vg_inventory_os(inv);
	assert_non_null(os);
	assert_string_equal(os->id, "debian");
	assert_string_equal(os->version_id, "12");
	assert_string_equal(os->version, "12.15");
	assert_string_equal(os->codename, "bookworm");
	assert_string_equal(os->ecosystem, "Debian:12");
	vg_inventory_free(inv);
}

static void test_docker_archive(void **state)
{
	(void)state;
	struct vg_image *img = open_ok(tmp("docker.tar"), NULL, NULL);
	assert_int_equal(vg_image_kind(img), VG_IMAGE_DOCKER_ARCHIVE);
	assert_string_equal(vg_image_name(img), "docker.io/example/app:1.0");
	char id[80];
	snprintf(id, sizeof(id), "sha256:%s", B.config_hex);
	assert_string_equal(vg_image_id(img), id);
	assert_string_equal(vg_image_layer(img, 0)->digest, B.diff[0]);
	assert_int_equal(vg_image_layer(img, 0)->size, B.n[0]);
	check_config(img);

	struct collect c = { .read = true };
	struct vg_diag d;
	assert_int_equal(vg_image_walk(img, collect_cb, &c, NULL, &d), 0);
	const struct seen *s = find_seen(&c, "/etc/os-release", 0);
	assert_non_null(s);
	assert_int_equal(s->type, VG_ENTRY_SYMLINK);
	assert_string_equal(s->link, "../usr/lib/os-release");
	s = find_seen(&c, "/var/lib/dpkg/status", 0);
	assert_non_null(s);
	assert_int_equal(s->type, VG_ENTRY_FILE);
	assert_string_equal(s->content, status1);
	s = find_seen(&c, "/bin/hard", 0);
	assert_non_null(s);
	assert_int_equal(s->type, VG_ENTRY_HARDLINK);
	assert_string_equal(s->link, "/bin/sh");
	s = find_seen(&c, "/", 0);
	assert_non_null(s);
	assert_int_equal(s->type, VG_ENTRY_DIR);
	s = find_seen(&c, "/etc/motd", 1);
	assert_non_null(s);
	assert_int_equal(s->type, VG_ENTRY_WHITEOUT);
	s = find_seen(&c, "/usr/share/doc/curl", 1);
	assert_non_null(s);
	assert_int_equal(s->type, VG_ENTRY_WHITEOUT);
	s = find_seen(&c, "/opt/data", 1);
	assert_non_null(s);
	assert_int_equal(s->type, VG_ENTRY_OPAQUE);
	assert_non_null(find_seen(&c, "/opt/data/new.txt", 1));
	/* AUFS bookkeeping names are not entries; whiteout markers never show as names */
	for (size_t i = 0; i < c.n; i++)
		assert_null(strstr(c.v[i].path, ".wh."));
	assert_int_equal(c.n, 13 + 6);
	/* tar order, bottom layer first */
	assert_int_equal(c.v[0].layer, 0);
	assert_int_equal(c.v[c.n - 1].layer, 1);
	collect_free(&c);
	check_inventory(img, B.diff[1]);
	vg_image_free(img);
}

static void test_docker_ref(void **state)
{
	(void)state;
	struct vg_image *img = open_ok(tmp("docker.tar"), "example/app:1.0", NULL);
	assert_string_equal(vg_image_name(img), "docker.io/example/app:1.0");
	vg_image_free(img);
	struct vg_diag d;
	img = NULL;
	assert_int_equal(vg_image_open(tmp("docker.tar"), "example/app:2.0", NULL, &img, &d), -ENOENT);
	assert_null(img);
	assert_string_equal(d.message, "manifest.json: no image tagged 'example/app:2.0'");
}

static void test_docker_gzip_outer(void **state)
{
	(void)state;
	struct vg_image *img = open_ok(tmp("docker.tar.gz"), NULL, NULL);
	assert_int_equal(vg_image_kind(img), VG_IMAGE_DOCKER_ARCHIVE);
	assert_string_equal(vg_image_name(img), "example/app:gz");
	check_config(img);
	check_inventory(img, B.diff[1]);
	vg_image_free(img);
}

static void test_skopeo_archive(void **state)
{
	(void)state;
	struct vg_image *img = open_ok(tmp("skopeo.tar"), NULL, NULL);
	assert_int_equal(vg_image_kind(img), VG_IMAGE_DOCKER_ARCHIVE);
	assert_string_equal(vg_image_name(img), "docker.io/example/skopeo:1");
	check_config(img);
	/* the symlinked id<n>/layer.tar resolves to <diffid>.tar, whose name is the digest */
	assert_string_equal(vg_image_layer(img, 1)->digest, B.diff[1]);
	check_inventory(img, B.diff[1]);
	vg_image_free(img);
}

static void test_docker25_archive(void **state)
{
	(void)state;
	struct vg_image *img = open_ok(tmp("docker25.tar"), NULL, NULL);
	assert_int_equal(vg_image_kind(img), VG_IMAGE_DOCKER_ARCHIVE);
	assert_string_equal(vg_image_name(img), "example/docker25:latest");
	char dg[80];
	snprintf(dg, sizeof(dg), "sha256:%s", O.lhex[0]);
	assert_string_equal(vg_image_layer(img, 0)->digest, dg);
	assert_int_equal(vg_image_layer(img, 0)->size, O.nz[0]);
	check_config(img);
	check_inventory(img, B.diff[1]);
	vg_image_free(img);
}

static void test_oci_layout(void **state)
{
	(void)state;
	/* no ref: the first manifest for linux/amd64 ("other" is arm64) */
	struct vg_image *img = open_ok(tmp("oci"), NULL, NULL);
	assert_int_equal(vg_image_kind(img), VG_IMAGE_OCI_LAYOUT);
	assert_string_equal(vg_image_name(img), "v1");
	char id[80];
	snprintf(id, sizeof(id), "sha256:%s", B.config_hex);
	assert_string_equal(vg_image_id(img), id);
	check_config(img);
	char dg[80];
	snprintf(dg, sizeof(dg), "sha256:%s", O.lhex[1]);
	assert_string_equal(vg_image_layer(img, 1)->digest, dg);
	assert_int_equal(vg_image_layer(img, 1)->size, O.nz[1]);

	struct collect c = { .read = true };
	struct vg_diag d;
	assert_int_equal(vg_image_walk(img, collect_cb, &c, NULL, &d), 0);
	const struct seen *s = find_seen(&c, "/var/lib/dpkg/status", 1); /* from the zstd layer */
	assert_non_null(s);
	assert_string_equal(s->content, status2);
	s = find_seen(&c, "/usr/lib/os-release", 0); /* from the gzip layer */
	assert_non_null(s);
	assert_string_equal(s->content, os_release);
	collect_free(&c);
	check_inventory(img, B.diff[1]);
	vg_image_free(img);

	img = open_ok(tmp("oci"), "v1", NULL);
	assert_string_equal(vg_image_name(img), "v1");
	vg_image_free(img);
	img = NULL;
	assert_int_equal(vg_image_open(tmp("oci"), "nope", NULL, &img, &d), -ENOENT);
	assert_string_equal(d.message, "index.json: no image named 'nope' for linux/amd64");
	/* "other" exists but only for arm64 */
	assert_int_equal(vg_image_open(tmp("oci"), "other", NULL, &img, &d), -ENOENT);
}

static void test_oci_archive_nested_index(void **state)
{
	(void)state;
	struct vg_image *img = open_ok(tmp("oci.tar"), "multi", NULL);
	assert_int_equal(vg_image_kind(img), VG_IMAGE_OCI_ARCHIVE);
	assert_string_equal(vg_image_name(img), "multi");
	check_config(img);
	check_inventory(img, B.diff[1]);
	vg_image_free(img);
}

static void test_rootfs(void **state)
{
	(void)state;
	struct vg_image *img = open_ok(tmp("rootfs"), NULL, NULL);
	assert_int_equal(vg_image_kind(img), VG_IMAGE_ROOTFS);
	assert_string_equal(vg_image_name(img), tmp("rootfs"));
	assert_null(vg_image_id(img));
	assert_null(vg_image_config(img));
	assert_int_equal(vg_image_layer_count(img), 1);
	assert_null(vg_image_layer(img, 0)->diff_id);

	struct collect c = { .read = true };
	struct vg_diag d;
	assert_int_equal(vg_image_walk(img, collect_cb, &c, NULL, &d), 0);
	/* sorted, /proc skipped, symlinks reported, never followed */
	assert_string_equal(c.v[0].path, "/bin");
	assert_string_equal(c.v[1].path, "/bin/sh");
	for (size_t i = 0; i < c.n; i++) {
		assert_int_not_equal(strncmp(c.v[i].path, "/proc", 5), 0);
		if (i)
			assert_true(strcmp(c.v[i - 1].path, c.v[i].path) < 0);
	}
	const struct seen *s = find_seen(&c, "/etc/shadow-link", 0);
	assert_non_null(s);
	assert_int_equal(s->type, VG_ENTRY_SYMLINK);
	assert_string_equal(s->link, "/etc/shadow");
	assert_null(s->content);
	s = find_seen(&c, "/var/lib/dpkg/status", 0);
	assert_string_equal(s->content, status2);
	collect_free(&c);
	check_inventory(img, NULL);
	vg_image_free(img);
}

/* Layer 2 deletes the dpkg database: its packages go, the OS stays. */
static void test_whiteout_deletes_packages(void **state)
{
	(void)state;
	struct vg_image *img = open_ok(tmp("docker-del.tar"), NULL, NULL);
	struct vg_inventory *inv = inventory_ok(img);
	assert_int_equal(vg_inventory_count(inv), 0);
	assert_non_null(vg_inventory_os(inv));
	assert_string_equal(vg_inventory_os(inv)->ecosystem, "Debian:12");
	vg_inventory_free(inv);
	vg_image_free(img);
}

/* A one-layer docker-archive holding @n entries (any compression of the layer). */
static void one_layer_archive(const char *file, const struct tent *e, size_t n, char filter,
			      char diff[80])
{
	size_t len;
	unsigned char *l = make_tar(e, n, filter, &len);
	size_t ulen;
	unsigned char *u = make_tar(e, n, 'n', &ulen);
	char hex[VG_SHA256_HEX_LEN + 1];
	sha_hex(u, ulen, hex);
	free(u);
	snprintf(diff, 80, "sha256:%s", hex);
	char cfg[512];
	snprintf(cfg, sizeof(cfg), "{\"rootfs\":{\"diff_ids\":[\"%s\"]}}", diff);
	struct tent outer[] = {
		{ "layer.tar", 'f', (const char *)l, len },
		{ "config.json", 'f', cfg, 0 },
		{ "manifest.json", 'f', "[{\"Config\":\"config.json\",\"Layers\":[\"layer.tar\"]}]", 0 },
	};
	unsigned char *t = make_tar(outer, 3, 'n', &len);
	write_file(file, t, len);
	free(t);
	free(l);
}

static void test_path_traversal(void **state)
{
	(void)state;
	static const struct tent evil[] = {
		{ "../../etc/passwd", 'f', "root:x:0:0\n", 0 },
		{ "/abs/path", 'f', "x", 0 },
		{ "a/../../../b", 'f', "x", 0 },
		{ "./x/./y//z/", 'd', NULL, 0 },
		{ "..", 'd', NULL, 0 },
		{ "link", 'l', "../../../../etc/shadow", 0 },
		{ "hard", 'h', "../../etc/passwd", 0 },
		{ "../.wh.victim", 'f', "", 0 },
	};
	char diff[80];
	one_layer_archive(tmp("evil.tar"), evil, sizeof(evil) / sizeof(evil[0]), 'n', diff);
	struct vg_image *img = open_ok(tmp("evil.tar"), NULL, NULL);
	assert_string_equal(vg_image_name(img), tmp("evil.tar"));
	struct collect c = { .read = true };
	struct vg_diag d;
	assert_int_equal(vg_image_walk(img, collect_cb, &c, NULL, &d), 0);
	assert_int_equal(c.n, 8);
	assert_string_equal(c.v[0].path, "/etc/passwd");
	assert_string_equal(c.v[0].content, "root:x:0:0\n");
	assert_string_equal(c.v[1].path, "/abs/path");
	assert_string_equal(c.v[2].path, "/b");
	assert_string_equal(c.v[3].path, "/x/y/z");
	assert_string_equal(c.v[4].path, "/");
	assert_string_equal(c.v[5].path, "/link");
	assert_string_equal(c.v[5].link, "../../../../etc/shadow"); /* as stored, never followed */
	assert_string_equal(c.v[6].path, "/hard");
	assert_string_equal(c.v[6].link, "/etc/passwd");
	assert_string_equal(c.v[7].path, "/victim");
	assert_int_equal(c.v[7].type, VG_ENTRY_WHITEOUT);
	collect_free(&c);
	vg_image_free(img);
}

/* A rootfs whose os-release and dpkg database are symlinks out of the root: the host's files
 * (which exist on the test machine) must never be read. */
static void test_rootfs_symlink_escape(void **state)
{
	(void)state;
	const char *root = tmp("escape");
	rm_rf(root);
	mkdirs(root, "etc");
	mkdirs(root, "var/lib/dpkg");
	mkdirs(root, "usr/lib");
	char p[800];
	snprintf(p, sizeof(p), "%s/etc/os-release", root);
	assert_int_equal(symlink("../../../../../../etc/os-release", p), 0);
	snprintf(p, sizeof(p), "%s/var/lib/dpkg/status", root);
	assert_int_equal(symlink("/var/lib/dpkg/status", p), 0);
	snprintf(p, sizeof(p), "%s/usr/lib/os-release", root);
	assert_int_equal(symlink("/etc/os-release", p), 0);
	struct vg_image *img = open_ok(root, NULL, NULL);
	struct vg_inventory *inv = inventory_ok(img);
	assert_int_equal(vg_inventory_count(inv), 0);
	assert_null(vg_inventory_os(inv));
	vg_inventory_free(inv);
	vg_image_free(img);
}

static int swap_cb(const struct vg_entry *e, struct vg_entry_reader *r, void *ud)
{
	const char *root = ud;
	if (strcmp(e->path, "/swap.txt") != 0)
		return 0;
	/* replace the file by a symlink to a host file between the listing and the read */
	char p[800];
	snprintf(p, sizeof(p), "%s/swap.txt", root);
	assert_int_equal(unlink(p), 0);
	assert_int_equal(symlink("/etc/passwd", p), 0);
	char buf[64];
	assert_int_equal(vg_entry_read(r, buf, sizeof(buf)), -ELOOP);
	return 0;
}

static void test_rootfs_race_nofollow(void **state)
{
	(void)state;
	const char *root = tmp("race");
	rm_rf(root);
	mkdirs(root, "");
	put_file(root, "swap.txt", "mine\n");
	struct vg_image *img = open_ok(root, NULL, NULL);
	struct vg_diag d;
	assert_int_equal(vg_image_walk(img, swap_cb, (void *)root, NULL, &d), -ELOOP);
	assert_string_equal(d.message,
			    "rootfs entry /swap.txt: cannot open: Too many levels of symbolic links");
	vg_image_free(img);
}

static void expect_walk_error(const char *file, const struct vg_image_limits *l, int err,
			      const char *msg)
{
	struct vg_image *img = open_ok(file, NULL, l);
	struct collect c = { .read = true };
	struct vg_diag d;
	int r = vg_image_walk(img, collect_cb, &c, NULL, &d);
	collect_free(&c);
	if (r != err || strcmp(d.message, msg) != 0)
		fail_msg("walk %s: %d '%s', want %d '%s'", file, r, d.message, err, msg);
	assert_string_equal(d.file, file);
	vg_image_free(img);
}

static void test_limit_entries(void **state)
{
	(void)state;
	struct vg_image_limits l;
	vg_image_limits_init(&l);
	l.max_entries = 5; /* the outer tar has 4 members; layer 1's 6th entry is one too many */
	char msg[300];
	snprintf(msg, sizeof(msg), "layer 1 (%s) entry /usr/lib/os-release: more than 5 entries (max_entries)",
		 B.diff[0]);
	expect_walk_error(tmp("docker.tar"), &l, -EFBIG, msg);
	/* the outer tar's members count against the same limit */
	l.max_entries = 3;
	struct vg_image *img = NULL;
	struct vg_diag d;
	assert_int_equal(vg_image_open(tmp("docker.tar"), NULL, &l, &img, &d), -EFBIG);
	assert_string_equal(d.message, "more than 3 members (max_entries)");
	assert_int_equal(d.code, VG_DIAG_LIMIT);
}

static void test_limit_total_bytes(void **state)
{
	(void)state;
	struct vg_image_limits l;
	vg_image_limits_init(&l);
	l.max_total_bytes = 8192;
	char msg[300];
	/* the headers and data of layer 1 reach 8 KiB before its end */
	struct vg_image *img = open_ok(tmp("docker.tar"), NULL, &l);
	struct collect c = { 0 };
	struct vg_diag d;
	int r = vg_image_walk(img, collect_cb, &c, NULL, &d);
	collect_free(&c);
	vg_image_free(img);
	assert_int_equal(r, -EFBIG);
	snprintf(msg, sizeof(msg), "layer 1 (%s) entry ", B.diff[0]);
	if (strncmp(d.message, msg, strlen(msg)) != 0)
		fail_msg("%s", d.message);
	assert_non_null(strstr(d.message, ": more than 8192 decompressed bytes (max_total_bytes)"));

	static const struct tent big[] = { { "big", 'f', NULL, 0 } };
	struct tent b2 = big[0];
	char *data = calloc(1, 20000);
	b2.data = data;
	b2.len = 20000;
	char diff[80];
	one_layer_archive(tmp("big.tar"), &b2, 1, 'n', diff);
	free(data);
	l.max_total_bytes = 10000;
	snprintf(msg, sizeof(msg),
		 "layer 1 (%s) entry /big: more than 10000 decompressed bytes (max_total_bytes)", diff);
	expect_walk_error(tmp("big.tar"), &l, -EFBIG, msg);
}

static void test_limit_ratio(void **state)
{
	(void)state;
	size_t n = 8u << 20;
	char *zeros = calloc(1, n);
	struct tent e[] = { { "zeros", 'f', zeros, n } };
	char diff[80];
	one_layer_archive(tmp("bomb.tar"), e, 1, 'g', diff);
	free(zeros);
	char msg[300];
	snprintf(msg, sizeof(msg), "layer 1 (%s) entry /zeros: decompression ratio over 200", diff);
	expect_walk_error(tmp("bomb.tar"), NULL, -EFBIG, msg);
	/* the same with the limit lifted walks fine */
	struct vg_image_limits l;
	vg_image_limits_init(&l);
	l.max_ratio = 0;
	struct vg_image *img = open_ok(tmp("bomb.tar"), NULL, &l);
	struct collect c = { 0 };
	struct vg_diag d;
	assert_int_equal(vg_image_walk(img, collect_cb, &c, NULL, &d), 0);
	collect_free(&c);
	vg_image_free(img);
}

static void test_limit_path_len(void **state)
{
	(void)state;
	char longp[200];
	memset(longp, 'p', 150);
	longp[150] = '\0';
	struct tent e[] = { { longp, 'f', "x", 0 } };
	char diff[80];
	one_layer_archive(tmp("long.tar"), e, 1, 'n', diff);
	struct vg_image_limits l;
	vg_image_limits_init(&l);
	l.max_path_len = 100;
	char msg[400];
	snprintf(msg, sizeof(msg), "layer 1 (%s) entry %.64s...: path longer than 100 bytes (max_path_len)",
		 diff, longp);
	expect_walk_error(tmp("long.tar"), &l, -EFBIG, msg);
}

static void test_limit_json_and_layers(void **state)
{
	(void)state;
	struct vg_image_limits l;
	vg_image_limits_init(&l);
	l.max_json = 100;
	struct vg_image *img = NULL;
	struct vg_diag d;
	assert_int_equal(vg_image_open(tmp("docker.tar"), NULL, &l, &img, &d), -EFBIG);
	assert_string_equal(d.message, "manifest.json: larger than 100 bytes (max_json)");
	assert_int_equal(d.code, VG_DIAG_LIMIT);
	assert_int_equal(vg_image_open(tmp("oci"), NULL, &l, &img, &d), -EFBIG);
	assert_string_equal(d.message, "index.json: larger than 100 bytes (max_json)");
	vg_image_limits_init(&l);
	l.max_layers = 1;
	assert_int_equal(vg_image_open(tmp("docker.tar"), NULL, &l, &img, &d), -EFBIG);
	assert_string_equal(d.message, "2 layers, more than 1 (max_layers)");
	assert_null(img);
}

static void test_limit_file_read(void **state)
{
	(void)state;
	struct vg_image_limits l;
	vg_image_limits_init(&l);
	l.max_file_read = 10;
	struct vg_image *img = open_ok(tmp("docker.tar"), NULL, &l);
	struct vg_inventory *inv = NULL;
	struct vg_diag d;
	assert_int_equal(vg_image_inventory(img, NULL, &inv, &d), -EFBIG);
	assert_null(inv);
	char msg[300];
	snprintf(msg, sizeof(msg), "layer 1 (%s) entry /var/lib/dpkg/status: larger than 10 bytes (max_file_read)",
		 B.diff[0]);
	assert_string_equal(d.message, msg);
	vg_image_free(img);
}

static void test_corrupt_layer(void **state)
{
	(void)state;
	/* a layer cut in the middle of a file's data */
	char *data = malloc(30000);
	for (int i = 0; i < 30000; i++)
		data[i] = (char)('a' + i % 26);
	struct tent e[] = { { "etc/ok", 'f', "fine\n", 0 }, { "var/lib/dpkg/status", 'f', data, 30000 } };
	size_t len;
	unsigned char *l = make_tar(e, 2, 'n', &len);
	free(data);
	size_t cut = 512 * 3 + 4000; /* headers of both entries + part of the data */
	char cfg[256];
	snprintf(cfg, sizeof(cfg), "{\"rootfs\":{\"diff_ids\":[\"sha256:%s\"]}}", zero_hex);
	struct tent outer[] = {
		{ "layer.tar", 'f', (const char *)l, cut },
		{ "config.json", 'f', cfg, 0 },
		{ "manifest.json", 'f', "[{\"Config\":\"config.json\",\"Layers\":[\"layer.tar\"]}]", 0 },
	};
	unsigned char *t = make_tar(outer, 3, 'n', &len);
	write_file(tmp("cut.tar"), t, len);
	free(t);
	free(l);

	struct vg_image *img = open_ok(tmp("cut.tar"), NULL, NULL);
	/* reading the entry: the error names layer and entry */
	struct collect c = { .read = true };
	struct vg_diag d;
	assert_int_equal(vg_image_walk(img, collect_cb, &c, NULL, &d), -EBADMSG);
	collect_free(&c);
	char want[300];
	snprintf(want, sizeof(want), "layer 1 (sha256:%s) entry /var/lib/dpkg/status: ", zero_hex);
	if (strncmp(d.message, want, strlen(want)) != 0)
		fail_msg("%s", d.message);
	/* skipping it: the error comes at the next header, after the entry */
	struct collect c2 = { 0 };
	assert_int_equal(vg_image_walk(img, collect_cb, &c2, NULL, &d), -EBADMSG);
	collect_free(&c2);
	snprintf(want, sizeof(want), "layer 1 (sha256:%s) after entry /var/lib/dpkg/status: ", zero_hex);
	if (strncmp(d.message, want, strlen(want)) != 0)
		fail_msg("%s", d.message);
	/* the inventory reports the same */
	struct vg_inventory *inv = NULL;
	assert_int_equal(vg_image_inventory(img, NULL, &inv, &d), -EBADMSG);
	snprintf(want, sizeof(want), "layer 1 (sha256:%s) entry /var/lib/dpkg/status: ", zero_hex);
	if (strncmp(d.message, want, strlen(want)) != 0)
		fail_msg("%s", d.message);
	vg_image_free(img);

	/* garbage instead of a tar */
	char garbage[2048];
	memset(garbage, 'Z', sizeof(garbage));
	struct tent g[] = {
		{ "layer.tar", 'f', garbage, sizeof(garbage) },
		{ "config.json", 'f', cfg, 0 },
		{ "manifest.json", 'f', "[{\"Config\":\"config.json\",\"Layers\":[\"layer.tar\"]}]", 0 },
	};
	t = make_tar(g, 3, 'n', &len);
	write_file(tmp("garbage.tar"), t, len);
	free(t);
	img = open_ok(tmp("garbage.tar"), NULL, NULL);
	assert_int_equal(vg_image_walk(img, collect_cb, &c2, NULL, &d), -EBADMSG);
	snprintf(want, sizeof(want), "layer 1 (sha256:%s): not a tar archive: ", zero_hex);
	if (strncmp(d.message, want, strlen(want)) != 0)
		fail_msg("%s", d.message);
	vg_image_free(img);
}

static void test_open_errors(void **state)
{
	(void)state;
	struct vg_image *img = NULL;
	struct vg_diag d;
	assert_int_equal(vg_image_open(tmp("missing"), NULL, NULL, &img, &d), -ENOENT);
	assert_string_equal(d.message, "cannot open: No such file or directory");
	write_file(tmp("notatar"), "hello world, not a tar at all", 29);
	assert_int_equal(vg_image_open(tmp("notatar"), NULL, NULL, &img, &d), -EBADMSG);
	assert_non_null(strstr(d.message, "not a tar archive"));
	struct tent e[] = { { "hello.txt", 'f', "x", 0 } };
	size_t len;
	unsigned char *t = make_tar(e, 1, 'n', &len);
	write_file(tmp("plain.tar"), t, len);
	free(t);
	assert_int_equal(vg_image_open(tmp("plain.tar"), NULL, NULL, &img, &d), -EBADMSG);
	assert_string_equal(d.message, "neither a docker-archive (manifest.json) nor an OCI archive "
				       "(oci-layout and index.json)");
	struct tent bad[] = { { "manifest.json", 'f', "[{\"Config\": 1,", 0 } };
	t = make_tar(bad, 1, 'n', &len);
	write_file(tmp("badjson.tar"), t, len);
	free(t);
	assert_int_equal(vg_image_open(tmp("badjson.tar"), NULL, NULL, &img, &d), -EBADMSG);
	assert_int_equal(d.code, VG_DIAG_SYNTAX);
	assert_int_equal(d.line, 1);
	assert_non_null(strstr(d.message, "manifest.json: "));
	/* a digest that tries to leave blobs/ */
	const char *dir = tmp("ocibad");
	rm_rf(dir);
	mkdirs(dir, "blobs/sha256");
	put_file(dir, "oci-layout", "{}");
	put_file(dir, "index.json",
		 "{\"manifests\":[{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
		 "\"digest\":\"sha256:../../../etc/passwd\",\"size\":1}]}");
	assert_int_equal(vg_image_open(dir, NULL, NULL, &img, &d), -EBADMSG);
	assert_string_equal(d.message, "index.json: a descriptor has no valid digest");
	assert_null(img);
}

struct prog {
	unsigned calls;
	uint64_t last_done, last_total;
};

static void prog_fn(void *ud, const char *stage, uint64_t done, uint64_t total)
{
	struct prog *p = ud;
	assert_non_null(stage);
	assert_true(done <= total || total == 0);
	p->calls++;
	p->last_done = done;
	p->last_total = total;
}

static void test_progress(void **state)
{
	(void)state;
	struct vg_image *img = open_ok(tmp("oci"), NULL, NULL);
	struct prog p = { 0 };
	struct vg_progress pr = { prog_fn, &p };
	struct vg_inventory *inv = NULL;
	struct vg_diag d;
	assert_int_equal(vg_image_inventory(img, &pr, &inv, &d), 0);
	assert_true(p.calls >= 4); /* start and end of both layers */
	assert_int_equal(p.last_done, O.nz[1]);
	assert_int_equal(p.last_total, O.nz[1]);
	vg_inventory_free(inv);
	vg_image_free(img);
}

/* Hardlinks to a wanted file count as the same content; a replaced file in the same layer
 * keeps only the last copy's packages. */
static void test_hardlink_and_same_layer_rewrite(void **state)
{
	(void)state;
	struct tent e[] = {
		{ "var/lib/dpkg/status", 'f', status1, 0 },
		{ "var/lib/dpkg/status", 'f', status2, 0 },
		{ "var/lib/dpkg/status.d/", 'd', NULL, 0 },
		{ "var/lib/dpkg/status.d/pkgc", 'h', "var/lib/dpkg/status", 0 },
	};
	char diff[80];
	one_layer_archive(tmp("hard.tar"), e, 4, 'n', diff);
	struct vg_image *img = open_ok(tmp("hard.tar"), NULL, NULL);
	struct vg_inventory *inv = inventory_ok(img);
	assert_int_equal(vg_inventory_count(inv), 2);
	const struct vg_pkg *p0 = vg_inventory_get(inv, 0), *p1 = vg_inventory_get(inv, 1);
	assert_string_equal(p0->name, "pkg-c");
	assert_string_equal(p1->name, "pkg-c");
	assert_string_equal(p0->file, "/var/lib/dpkg/status");
	assert_string_equal(p1->file, "/var/lib/dpkg/status.d/pkgc");
	assert_string_equal(p0->layer, diff);
	/* no OS files: no ecosystem, purl without distro */
	assert_null(vg_inventory_os(inv));
	assert_null(p0->ecosystem);
	assert_string_equal(p0->purl, "pkg:deb/debian/pkg-c@1:3.0%2Bdfsg-1?arch=all");
	vg_inventory_free(inv);
	vg_image_free(img);
}


/* A docker-archive of @n layers (uncompressed); diff_ids are the layers' real digests. */
struct layer_spec {
	const struct tent *e;
	size_t n;
};

static void layered_archive(const char *file, const struct layer_spec *ls, size_t n,
			    char diffs[][80])
{
	unsigned char *l[8];
	size_t len[8];
	char names[8][16], cfg[1024], manifest[512];
	struct tent outer[10];
	size_t o = 0, c = 0, m = 0;
	assert_true(n <= 8);
	c += (size_t)snprintf(cfg + c, sizeof(cfg) - c, "{\"rootfs\":{\"diff_ids\":[");
	m += (size_t)snprintf(manifest + m, sizeof(manifest) - m,
			      "[{\"Config\":\"c.json\",\"Layers\":[");
	for (size_t i = 0; i < n; i++) {
		char hex[VG_SHA256_HEX_LEN + 1];
		l[i] = make_tar(ls[i].e, ls[i].n, 'n', &len[i]);
		sha_hex(l[i], len[i], hex);
		snprintf(diffs[i], 80, "sha256:%s", hex);
		snprintf(names[i], sizeof(names[i]), "%zu.tar", i);
		c += (size_t)snprintf(cfg + c, sizeof(cfg) - c, "%s\"%s\"", i ? "," : "", diffs[i]);
		m += (size_t)snprintf(manifest + m, sizeof(manifest) - m, "%s\"%s\"", i ? "," : "",
				      names[i]);
		outer[o++] = (struct tent){ names[i], 'f', (const char *)l[i], len[i] };
	}
	snprintf(cfg + c, sizeof(cfg) - c, "]}}");
	snprintf(manifest + m, sizeof(manifest) - m, "]}]");
	outer[o++] = (struct tent){ "c.json", 'f', cfg, 0 };
	outer[o++] = (struct tent){ "manifest.json", 'f', manifest, 0 };
	size_t tlen;
	unsigned char *t = make_tar(outer, o, 'n', &tlen);
	write_file(file, t, tlen);
	free(t);
	for (size_t i = 0; i < n; i++)
		free(l[i]);
}

/* The packages of @file, as "name@version@layer-index" joined by ' '. */
static void expect_packages(const char *file, char diffs[][80], size_t nlayers, const char *want)
{
	struct vg_image *img = open_ok(file, NULL, NULL);
	struct vg_inventory *inv = inventory_ok(img);
	char got[512] = "";
	size_t k = 0;
	for (size_t i = 0; i < vg_inventory_count(inv); i++) {
		const struct vg_pkg *p = vg_inventory_get(inv, i);
		size_t li = nlayers;
		for (size_t j = 0; j < nlayers; j++)
			if (p->layer && strcmp(p->layer, diffs[j]) == 0)
				li = j;
		k += (size_t)snprintf(got + k, sizeof(got) - k, "%s%s@%s@%zu", i ? " " : "", p->name,
				      p->version, li + 1);
	}
	if (strcmp(got, want) != 0)
		fail_msg("%s: packages '%s', want '%s'", file, got, want);
	vg_inventory_free(inv);
	vg_image_free(img);
}

static const char distroless_foo[] = "Package: foo\nVersion: 9\nArchitecture: amd64\n";

static void test_layer_semantics(void **state)
{
	(void)state;
	char d[8][80];
	const struct tent base[] = { { "var/lib/dpkg/status", 'f', status1, 0 },
				     { "var/lib/dpkg/status.d/foo", 'f', distroless_foo, 0 } };
	const struct tent opq_parent[] = { { "var/lib/.wh..wh..opq", 'f', "", 0 } };
	const struct tent opq_same[] = { { "var/lib/dpkg/.wh..wh..opq", 'f', "", 0 },
					 { "var/lib/dpkg/status", 'f', status2, 0 } };
	const struct tent wh_dir[] = { { "var/lib/dpkg/.wh.status.d", 'f', "", 0 } };
	const struct tent wh_file[] = { { "var/lib/dpkg/.wh.status", 'f', "", 0 } };
	const struct tent again[] = { { "var/lib/dpkg/status", 'f', status2, 0 } };
	const struct tent lib_link[] = { { "var/lib", 'l', "/usr/lib", 0 } };
	const struct tent lib_dir[] = { { "var/lib/", 'd', NULL, 0 } };
	const struct tent nothing[] = { { "etc/", 'd', NULL, 0 } };

	struct layer_spec s1[] = { { base, 2 }, { nothing, 1 } };
	layered_archive(tmp("sem1.tar"), s1, 2, d);
	expect_packages(tmp("sem1.tar"), d, 2, "foo@9@1 pkg-a@1.0@1 pkg-b@2.0-1+deb12u1@1");

	/* an opaque /var/lib hides both databases of layer 1 */
	struct layer_spec s2[] = { { base, 2 }, { opq_parent, 1 } };
	layered_archive(tmp("sem2.tar"), s2, 2, d);
	expect_packages(tmp("sem2.tar"), d, 2, "");

	/* an opaque /var/lib/dpkg keeps what the same layer puts there */
	struct layer_spec s3[] = { { base, 2 }, { opq_same, 2 } };
	layered_archive(tmp("sem3.tar"), s3, 2, d);
	expect_packages(tmp("sem3.tar"), d, 2, "pkg-c@1:3.0+dfsg-1@2");

	/* a whiteout of a directory deletes everything below it */
	struct layer_spec s4[] = { { base, 2 }, { wh_dir, 1 } };
	layered_archive(tmp("sem4.tar"), s4, 2, d);
	expect_packages(tmp("sem4.tar"), d, 2, "pkg-a@1.0@1 pkg-b@2.0-1+deb12u1@1");

	/* deleted in layer 2, written again in layer 3 */
	struct layer_spec s5[] = { { base, 2 }, { wh_file, 1 }, { again, 1 } };
	layered_archive(tmp("sem5.tar"), s5, 3, d);
	expect_packages(tmp("sem5.tar"), d, 3, "foo@9@1 pkg-c@1:3.0+dfsg-1@3");

	/* /var/lib replaced by a symlink, then by a directory again: layer 1 stays hidden */
	struct layer_spec s6[] = { { base, 2 }, { lib_link, 1 }, { lib_dir, 1 } };
	layered_archive(tmp("sem6.tar"), s6, 3, d);
	expect_packages(tmp("sem6.tar"), d, 3, "");

	/* the same database in two layers: only the upper copy counts */
	struct layer_spec s7[] = { { again, 1 }, { base, 2 } };
	layered_archive(tmp("sem7.tar"), s7, 2, d);
	expect_packages(tmp("sem7.tar"), d, 2, "foo@9@2 pkg-a@1.0@2 pkg-b@2.0-1+deb12u1@2");
}

/* A directory replaced by a file in a later layer hides everything that was below it. */
static void test_dir_replaced_by_file(void **state)
{
	(void)state;
	size_t n1, n2;
	struct tent e1[] = { { "var/lib/dpkg/status", 'f', status1, 0 } };
	struct tent e2[] = { { "var/lib/dpkg", 'l', "/elsewhere", 0 } };
	unsigned char *l1 = make_tar(e1, 1, 'n', &n1), *l2 = make_tar(e2, 1, 'n', &n2);
	char cfg[512];
	snprintf(cfg, sizeof(cfg), "{\"rootfs\":{\"diff_ids\":[\"sha256:%s\",\"sha256:%s\"]}}",
		 zero_hex, zero_hex);
	struct tent outer[] = {
		{ "1.tar", 'f', (const char *)l1, n1 },
		{ "2.tar", 'f', (const char *)l2, n2 },
		{ "c.json", 'f', cfg, 0 },
		{ "manifest.json", 'f', "[{\"Config\":\"c.json\",\"Layers\":[\"1.tar\",\"2.tar\"]}]", 0 },
	};
	size_t len;
	unsigned char *t = make_tar(outer, 4, 'n', &len);
	write_file(tmp("replace-dir.tar"), t, len);
	free(t);
	free(l1);
	free(l2);
	struct vg_image *img = open_ok(tmp("replace-dir.tar"), NULL, NULL);
	struct vg_inventory *inv = inventory_ok(img);
	assert_int_equal(vg_inventory_count(inv), 0);
	vg_inventory_free(inv);
	vg_image_free(img);
}

static void test_path_normalize(void **state)
{
	(void)state;
	struct vg_strbuf b = VG_STRBUF_INIT;
	static const struct {
		const char *in, *out;
	} cases[] = {
		{ "", "/" },           { ".", "/" },         { "./", "/" },
		{ "/", "/" },          { "a", "/a" },        { "./a/b/", "/a/b" },
		{ "a//b///c", "/a/b/c" }, { "a/./b", "/a/b" }, { "a/../b", "/b" },
		{ "../../x", "/x" },   { "/../..", "/" },    { "a/b/../../../..", "/" },
		{ "...", "/..." },     { "a/..b", "/a/..b" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_int_equal(vg_path_normalize(cases[i].in, strlen(cases[i].in), 0, &b), 0);
		assert_string_equal(vg_strbuf_str(&b), cases[i].out);
	}
	assert_int_equal(vg_path_normalize("a\0b", 3, 0, &b), -EINVAL);
	assert_int_equal(vg_path_normalize("abcdef", 6, 5, &b), -ENAMETOOLONG);
	assert_int_equal(vg_path_join_link("/etc/os-release", "../usr/lib/os-release", 0, &b), 0);
	assert_string_equal(vg_strbuf_str(&b), "/usr/lib/os-release");
	assert_int_equal(vg_path_join_link("/a/b", "/../../c", 0, &b), 0);
	assert_string_equal(vg_strbuf_str(&b), "/c");
	vg_strbuf_release(&b);
}

static void test_strmap(void **state)
{
	(void)state;
	struct vg_strmap m;
	struct vg_arena a;
	vg_strmap_init(&m);
	vg_arena_init(&a, 0);
	char k[32];
	for (uintptr_t i = 1; i <= 5000; i++) {
		snprintf(k, sizeof(k), "/k/%lu", (unsigned long)i);
		void **slot;
		assert_int_equal(vg_strmap_upsert(&m, &a, k, &slot), 1);
		*slot = (void *)i;
	}
	for (uintptr_t i = 1; i <= 5000; i++) {
		snprintf(k, sizeof(k), "/k/%lu", (unsigned long)i);
		assert_true((uintptr_t)vg_strmap_get(&m, k) == i);
		void **slot;
		assert_int_equal(vg_strmap_upsert(&m, &a, k, &slot), 0);
	}
	assert_null(vg_strmap_get(&m, "/nope"));
	assert_int_equal(m.count, 5000);
	vg_strmap_release(&m);
	vg_arena_release(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_limits_defaults),
		cmocka_unit_test(test_path_normalize),
		cmocka_unit_test(test_strmap),
		cmocka_unit_test(test_docker_archive),
		cmocka_unit_test(test_docker_ref),
		cmocka_unit_test(test_docker_gzip_outer),
		cmocka_unit_test(test_skopeo_archive),
		cmocka_unit_test(test_docker25_archive),
		cmocka_unit_test(test_oci_layout),
		cmocka_unit_test(test_oci_archive_nested_index),
		cmocka_unit_test(test_rootfs),
		cmocka_unit_test(test_whiteout_deletes_packages),
		cmocka_unit_test(test_path_traversal),
		cmocka_unit_test(test_rootfs_symlink_escape),
		cmocka_unit_test(test_rootfs_race_nofollow),
		cmocka_unit_test(test_limit_entries),
		cmocka_unit_test(test_limit_total_bytes),
		cmocka_unit_test(test_limit_ratio),
		cmocka_unit_test(test_limit_path_len),
		cmocka_unit_test(test_limit_json_and_layers),
		cmocka_unit_test(test_limit_file_read),
		cmocka_unit_test(test_corrupt_layer),
		cmocka_unit_test(test_open_errors),
		cmocka_unit_test(test_progress),
		cmocka_unit_test(test_hardlink_and_same_layer_rewrite),
		cmocka_unit_test(test_dir_replaced_by_file),
		cmocka_unit_test(test_layer_semantics),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
