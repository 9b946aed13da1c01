#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""Regenerate rpmdb.sqlite.gz: a real rpm 4.18 sqlite database written by librpm itself.

Needs Debian's python3-rpm (run with the system interpreter: /usr/bin/python3 mk-rpmdb.py).
Three metadata-only packages are written as .rpm files (lead, a signature header with the
size, the header made by librpm, an empty cpio payload) and "installed" with --justdb into
<tmp>/var/lib/rpm/rpmdb.sqlite, which is then gzipped next to this script.
"""
import gzip, os, shutil, struct, sys, tempfile
import rpm

PKGS = [
    # name, version, release, epoch, arch, license, vendor, sourcerpm
    ('bash', '5.1.8', '9.el9', None, 'x86_64', 'GPLv3+', 'Rocky Enterprise Software Foundation', None),
    ('openssl-libs', '3.0.7', '27.el9', 1, 'x86_64', 'ASL 2.0', 'Acme', 'openssl-3.0.7-27.el9.src.rpm'),
    ('tzdata', '2024a', '1.el9', None, 'noarch', 'Public Domain', 'Acme', None),
]

def header(name, ver, rel, epoch, arch, lic, vendor, srpm):
    h = rpm.hdr()
    h[rpm.RPMTAG_NAME] = name
    h[rpm.RPMTAG_VERSION] = ver
    h[rpm.RPMTAG_RELEASE] = rel
    if epoch is not None:
        h[rpm.RPMTAG_EPOCH] = epoch
    h[rpm.RPMTAG_ARCH] = arch
    h[rpm.RPMTAG_OS] = 'linux'
    h[rpm.RPMTAG_LICENSE] = lic
    h[rpm.RPMTAG_VENDOR] = vendor
    h[rpm.RPMTAG_SUMMARY] = 'summary of ' + name
    h[rpm.RPMTAG_DESCRIPTION] = 'description'
    h[rpm.RPMTAG_SOURCERPM] = srpm or '%s-%s-%s.src.rpm' % (name, ver, rel)
    h[rpm.RPMTAG_PAYLOADFORMAT] = 'cpio'
    h[rpm.RPMTAG_PAYLOADCOMPRESSOR] = 'gzip'
    return h

def write_rpm(path, name, h):
    lead = bytearray(96)
    lead[0:4] = b'\xed\xab\xee\xdb'
    lead[4] = 3
    lead[10:10 + len(name)] = name.encode()
    struct.pack_into('>hh', lead, 76, 1, 5)  # osnum, signature type (header-style)
    body = h.unload()
    data = struct.pack('>I', len(body) + 8)
    sig = b'\x8e\xad\xe8\x01\0\0\0\0' + struct.pack('>II', 1, len(data)) + \
        struct.pack('>iiii', 1000, 4, 0, 1) + data
    trailer = b'070701' + b'0' * 88 + b'0000000b' + b'00000000' + b'TRAILER!!!\0\0\0\0'
    with open(path, 'wb') as f:
        f.write(bytes(lead) + sig + b'\0' * ((8 - len(sig) % 8) % 8))
        f.write(b'\x8e\xad\xe8\x01\0\0\0\0' + body + gzip.compress(trailer))

def main():
    tmp = tempfile.mkdtemp()
    try:
        rpm.addMacro('_dbpath', '/var/lib/rpm')
        rpm.addMacro('_db_backend', 'sqlite')
        rpm.addMacro('_pkgverify_level', 'none')
        ts = rpm.TransactionSet(os.path.join(tmp, 'root'))
        ts.setVSFlags(rpm._RPMVSF_NOSIGNATURES | rpm._RPMVSF_NODIGESTS)
        os.makedirs(os.path.join(tmp, 'root'))
        ts.initDB()
        files = {}
        for p in PKGS:
            path = os.path.join(tmp, p[0] + '.rpm')
            write_rpm(path, p[0], header(*p))
            fd = os.open(path, os.O_RDONLY)
            ts.addInstall(ts.hdrFromFdno(fd), path, 'i')
            os.close(fd)
        ts.setFlags(rpm.RPMTRANS_FLAG_JUSTDB | rpm.RPMTRANS_FLAG_NOSCRIPTS | rpm.RPMTRANS_FLAG_NOTRIGGERS)
        ts.setProbFilter(rpm.RPMPROB_FILTER_IGNOREARCH | rpm.RPMPROB_FILTER_IGNOREOS)

        def cb(what, amount, total, key, client):
            if what == rpm.RPMCALLBACK_INST_OPEN_FILE:
                files[key] = os.open(key, os.O_RDONLY)
                return files[key]
            if what == rpm.RPMCALLBACK_INST_CLOSE_FILE:
                os.close(files.pop(key))
        if ts.run(cb, '') is not None:
            sys.exit('rpm transaction failed')
        ts.closeDB()
        db = os.path.join(tmp, 'root/var/lib/rpm/rpmdb.sqlite')
        out = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'rpmdb.sqlite.gz')
        with open(db, 'rb') as f, gzip.GzipFile(out, 'wb', 9, mtime=0) as g:
            g.write(f.read())
    finally:
        shutil.rmtree(tmp)

if __name__ == '__main__':
    main()
