"""Pseudonymous member identifiers: a keyed hash (SipHash-2-4, a keyed pseudo-random function made for short
inputs, as vectorised in pandas.util.hash_array) of the party card number, or of name + birth date +
organisation where there is no number. The key is generated on first use and kept on this computer,
outside git (config.KEY_FILE, or the file named by KHOI_ANALYSIS_KEY_FILE), so the same person can be followed
across years while processed files never hold who it is."""

from __future__ import annotations

import base64
import binascii
import hashlib
import os
import secrets
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa

from .. import config

PREFIX = "DV-"


def key_file() -> Path:
    return Path(os.environ.get("KHOI_ANALYSIS_KEY_FILE", config.KEY_FILE))


def load_key() -> bytes:
    """The local key, created (random, 32 bytes, readable by the owner only) if there is none."""
    path = key_file()
    try:
        key = bytes.fromhex(path.read_text(encoding="ascii").strip())
        if len(key) >= 16:
            return key
    except (OSError, ValueError):
        pass
    key = secrets.token_bytes(32)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + f".{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as fh:
        fh.write(key.hex() + "\n")
    if path.exists():  # another process made one meanwhile: use theirs
        tmp.unlink(missing_ok=True)
        return bytes.fromhex(path.read_text(encoding="ascii").strip())
    os.replace(tmp, path)
    return key


def pseudonyms(identities, key: bytes | None = None):
    """'DV-' + 16 hex digits of SipHash-2-4(key, identity) for each identity (a pandas Series or an Arrow string
    array; the result is of the same kind). The 128-bit SipHash key is taken from the local key; without the
    key an id can't be computed from a name, nor a name found from an id."""


    arrow = isinstance(identities, (pa.Array, pa.ChunkedArray))
    values = identities.to_numpy(zero_copy_only=False) if arrow else identities.to_numpy(dtype=object)
    hashed = pd.util.hash_array(values, hash_key=_siphash_key(key or load_key()), categorize=False)
    n = len(hashed)
    hexed = np.frombuffer(binascii.hexlify(hashed.astype(">u8").tobytes()), dtype=np.uint8).reshape(n, 16)
    prefix = np.broadcast_to(np.frombuffer(PREFIX.encode(), dtype=np.uint8), (n, len(PREFIX)))
    width = len(PREFIX) + 16
    data = np.hstack([prefix, hexed]).tobytes()
    offsets = pa.py_buffer(np.arange(0, (n + 1) * width, width, dtype=np.int32).tobytes())
    out = pa.StringArray.from_buffers(n, offsets, pa.py_buffer(data))
    if arrow:
        return out
    return pd.Series(out.to_numpy(zero_copy_only=False), index=identities.index, dtype="object")


def _siphash_key(key: bytes) -> str:
    """pandas takes the SipHash key as 16 characters: 16 characters of base-85 from the local key (~102 bits)."""

    return base64.b85encode(hashlib.blake2b(key, digest_size=16).digest()).decode("ascii")[:16]


def key_fingerprint() -> str:
    """A hash of the key (not the key): cached ids made with another key are not reused."""
    return hashlib.sha256(b"khoi-key|" + load_key()).hexdigest()[:16]
