"""PackStream, the Bolt protocol's values and messages, as far as the gateway reads and
writes them: plain values (no structures), chunked messages.

Example::

    >>> unpack(pack({"access": "read-only"}))
    ({'access': 'read-only'}, 18)
"""

from __future__ import annotations

import struct


class Unsupported(Exception):
    """A PackStream value the gateway does not rewrite (structures): passed on as it is."""


def unpack(data: bytes, at: int = 0):
    """``(value, next offset)`` of the PackStream value at ``at``.

    >>> unpack(bytes([0x83]) + b"abc")
    ('abc', 4)
    """
    marker = data[at]
    at += 1
    high = marker & 0xF0
    if marker < 0x80:
        return marker, at
    if marker >= 0xF0:
        return marker - 0x100, at
    if high == 0x80:
        return _text(data, at, marker & 0x0F)
    if high == 0x90:
        return _items(data, at, marker & 0x0F)
    if high == 0xA0:
        return _pairs(data, at, marker & 0x0F)
    sizes = {0xD0: ">B", 0xD1: ">H", 0xD2: ">I"}
    if marker in (0xD0, 0xD1, 0xD2):
        n, at = _fixed(data, at, sizes[marker])
        return _text(data, at, n)
    if marker in (0xD4, 0xD5, 0xD6):
        n, at = _fixed(data, at, {0xD4: ">B", 0xD5: ">H", 0xD6: ">I"}[marker])
        return _items(data, at, n)
    if marker in (0xD8, 0xD9, 0xDA):
        n, at = _fixed(data, at, {0xD8: ">B", 0xD9: ">H", 0xDA: ">I"}[marker])
        return _pairs(data, at, n)
    if marker in (0xC8, 0xC9, 0xCA, 0xCB):
        return _fixed(data, at, {0xC8: ">b", 0xC9: ">h", 0xCA: ">i", 0xCB: ">q"}[marker])
    if marker in (0xCC, 0xCD, 0xCE):
        n, at = _fixed(data, at, {0xCC: ">B", 0xCD: ">H", 0xCE: ">I"}[marker])
        return bytes(data[at:at + n]), at + n
    simple = {0xC0: None, 0xC2: False, 0xC3: True}
    if marker in simple:
        return simple[marker], at
    if marker == 0xC1:
        return _fixed(data, at, ">d")
    raise Unsupported(f"marker {marker:#x}")


def _fixed(data, at, fmt):
    size = struct.calcsize(fmt)
    return struct.unpack_from(fmt, data, at)[0], at + size


def _text(data, at, n):
    return bytes(data[at:at + n]).decode("utf-8"), at + n


def _items(data, at, n):
    items = []
    for _ in range(n):
        value, at = unpack(data, at)
        items.append(value)
    return items, at


def _pairs(data, at, n):
    pairs = {}
    for _ in range(n):
        key, at = unpack(data, at)
        pairs[key], at = unpack(data, at)
    return pairs, at


def pack(value) -> bytes:
    """PackStream bytes of a plain value.

    >>> unpack(pack({"access": ["read-only", 1, None, True]}))[0]
    {'access': ['read-only', 1, None, True]}
    """
    if value is None:
        return b"\xc0"
    if value is True or value is False:
        return b"\xc3" if value else b"\xc2"
    if isinstance(value, int):
        if -16 <= value < 128:
            return struct.pack(">b", value) if value >= 0 else bytes([value + 0x100])
        for marker, fmt in ((0xC8, ">b"), (0xC9, ">h"), (0xCA, ">i"), (0xCB, ">q")):
            try:
                return bytes([marker]) + struct.pack(fmt, value)
            except struct.error:
                continue
        raise Unsupported("integer out of range")
    if isinstance(value, float):
        return b"\xc1" + struct.pack(">d", value)
    if isinstance(value, bytes):
        return _sized(len(value), None, 0xCC) + value
    if isinstance(value, str):
        raw = value.encode("utf-8")
        return _sized(len(raw), 0x80, 0xD0) + raw
    if isinstance(value, list):
        return _sized(len(value), 0x90, 0xD4) + b"".join(pack(v) for v in value)
    if isinstance(value, dict):
        return _sized(len(value), 0xA0, 0xD8) + b"".join(pack(k) + pack(v)
                                                         for k, v in value.items())
    raise Unsupported(type(value).__name__)


def _sized(n: int, tiny: int | None, marker: int) -> bytes:
    if tiny is not None and n < 16:
        return bytes([tiny | n])
    for step, fmt in enumerate((">B", ">H", ">I")):
        if n < 1 << (8 * struct.calcsize(fmt)):
            return bytes([marker + step]) + struct.pack(fmt, n)
    raise Unsupported("too long")


def message(signature: int, fields: list) -> bytes:
    """One Bolt message, chunked, with its end marker."""
    body = bytes([0xB0 | len(fields), signature]) + b"".join(pack(f) for f in fields)
    out = bytearray()
    for start in range(0, len(body), 0xFFFF):
        piece = body[start:start + 0xFFFF]
        out += struct.pack(">H", len(piece)) + piece
    return bytes(out + b"\x00\x00")


def split_messages(buffer: bytearray):
    """Take the complete messages off the front of ``buffer``: a list of ``(raw bytes,
    body)``; a keep-alive (an empty chunk between messages) has the body ``b""``."""
    found, at = [], 0
    while True:
        start, body = at, bytearray()
        while True:
            if len(buffer) < at + 2:
                del buffer[:start]
                return found
            size = int.from_bytes(buffer[at:at + 2], "big")
            if size == 0:
                at += 2
                break
            if len(buffer) < at + 2 + size:
                del buffer[:start]
                return found
            body += buffer[at + 2:at + 2 + size]
            at += 2 + size
        found.append((bytes(buffer[start:at]), bytes(body)))
