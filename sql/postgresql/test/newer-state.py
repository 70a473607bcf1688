#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Prints, as hexadecimal, the NPS state of the answers 9 and 5 with its format version raised
to 0xffff and its CRC-32C sealed again: what a newer libcxscore could write. nps.sql uses it to
check that such a state is refused as newer, not as corrupted (editing the version bytes in SQL
breaks the checksum, which is checked first). Run from the top of the tree after a build:
    CXSCORE_LIBRARY=build/lib/libcxscore.so PYTHONPATH=bindings/python \
        python3 sql/postgresql/test/newer-state.py
"""
import struct

import cxscore


def crc32c(data):
    """CRC-32C (Castagnoli), reflected polynomial 0x82F63B78, as lib/core/state.c."""
    crc = 0xFFFFFFFF
    for byte in data:
        crc ^= byte
        for _ in range(8):
            crc = (crc >> 1) ^ (0x82F63B78 if crc & 1 else 0)
    return crc ^ 0xFFFFFFFF


acc = cxscore.Nps()
acc.add(9)
acc.add(5)
state = bytearray(acc.to_bytes())
assert crc32c(bytes(state[:-4])) == struct.unpack("<I", state[-4:])[0], "not the library's CRC"
state[4:6] = b"\xff\xff"  # the format version follows the 4-byte magic
state[-4:] = struct.pack("<I", crc32c(bytes(state[:-4])))
print(state.hex())
