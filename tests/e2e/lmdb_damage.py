#!/usr/bin/env python3
"""lmdb_damage.py: damage one named database of an LMDB file the way a bad
sector or a stray write might, so that liblmdb itself faults on it.

    lmdb_damage.py FILE DB dupflag    DB's first leaf node claims F_DUPDATA,
                                      a sub-database DB does not have
    lmdb_damage.py FILE DB dbflags    DB's record in the main database says
                                      MDB_DUPSORT|MDB_DUPFIXED (flags it was
                                      never made with); LMDB reads on
    lmdb_damage.py FILE DB root1      DB's record in the main database gives
                                      page 1 (a meta page) as its root: one of
                                      LMDB's own checks fails and it aborts

LMDB 0.9 trusts node flags: reading that node it writes through a NULL
sub-cursor (SIGSEGV inside liblmdb).  The layout read here is LMDB 0.9's
on-disk format on a 64-bit host: a 16-byte page header (pgno u64, pad u16,
flags u16, lower u16, upper u16), then node offsets; nodes are (lo u16,
hi u16, flags u16, ksize u16, key, data); a meta page holds two MDB_db
records (48 bytes each, the root page number last), last_pg and txnid.
"""
import struct
import sys

P_BRANCH, P_LEAF, F_DUPDATA = 0x01, 0x02, 0x04


def main():
    path, name, how = sys.argv[1], sys.argv[2].encode(), sys.argv[3]
    with open(path, "r+b") as f:
        data = bytearray(f.read())
        psize = struct.unpack_from("<I", data, 16 + 24)[0]  # FREE_DBI md_pad
        metas = [struct.unpack_from("<Q", data, p * psize + 144)[0] for p in (0, 1)]
        meta = (0, 1)[metas[1] > metas[0]] * psize
        page = struct.unpack_from("<Q", data, meta + 16 + 24 + 48 + 40)[0]

        def nodes(pg):
            base = pg * psize
            flags, lower = struct.unpack_from("<HH", data, base + 10)
            n = (lower - 16) // 2
            offs = struct.unpack_from("<%dH" % n, data, base + 16)
            return flags, [base + o for o in offs]

        def leftmost_leaf(pg):
            while True:
                flags, ns = nodes(pg)
                if flags & P_LEAF:
                    return ns
                if not flags & P_BRANCH:
                    sys.exit("lmdb_damage: page %d is neither branch nor leaf" % pg)
                lo, hi, fl = struct.unpack_from("<HHH", data, ns[0])
                pg = lo | hi << 16 | fl << 32

        for node in leftmost_leaf(page):  # the main DB: one node per name
            ksize = struct.unpack_from("<H", data, node + 6)[0]
            if bytes(data[node + 8:node + 8 + ksize]) == name:
                db = node + 8 + ksize
                break
        else:
            sys.exit("lmdb_damage: no database named %s" % name.decode())
        if how == "dupflag":
            node = leftmost_leaf(struct.unpack_from("<Q", data, db + 40)[0])[0]
            struct.pack_into("<H", data, node + 4,
                             struct.unpack_from("<H", data, node + 4)[0] | F_DUPDATA)
        elif how == "root1":
            struct.pack_into("<Q", data, db + 40, 1)
        elif how == "dbflags":
            # MDB_db: md_pad u32, md_flags u16, ...
            struct.pack_into("<H", data, db + 4, 0x04 | 0x10)
        else:
            sys.exit("lmdb_damage: unknown damage %s" % how)
        f.seek(0)
        f.write(data)


if __name__ == "__main__":
    main()
