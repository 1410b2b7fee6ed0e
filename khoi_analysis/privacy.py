"""Pseudonymous member identifiers: a keyed hash (keyed BLAKE2b) of the party card number, or of name + birth
date + organisation where there is no number. The key is generated on first use and kept on this computer,
outside git (config.KEY_FILE, or the file named by KHOI_ANALYSIS_KEY_FILE), so the same person can be followed
across years while processed files never hold who it is."""

from __future__ import annotations

import hashlib
import os
import secrets
from pathlib import Path

import pandas as pd

from . import config

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


def pseudonyms(identities: pd.Series, key: bytes | None = None) -> pd.Series:
    """'DV-' + 16 hex digits of keyed BLAKE2b(key, identity) — a keyed hash (a MAC), computed once per
    distinct identity."""
    key = (key or load_key())[:64]
    blake = hashlib.blake2b
    mapping = {u: PREFIX + blake(u.encode("utf-8"), key=key, digest_size=8).hexdigest()
               for u in pd.unique(identities)}
    return identities.map(mapping)


def key_fingerprint() -> str:
    """A hash of the key (not the key): cached ids made with another key are not reused."""
    return hashlib.sha256(b"khoi-key|" + load_key()).hexdigest()[:16]
