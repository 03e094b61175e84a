"""Turn file bytes into text: UTF-8 (with or without BOM), UTF-16 with BOM, GBK/GB18030.

GB18030 decodes many byte strings that are not Chinese at all, so a GB18030 result is
accepted only when its non-ASCII characters are overwhelmingly CJK; otherwise the file is
reported as undecodable rather than linted as mojibake.
"""

from __future__ import annotations

import codecs

from linter.text import Text

_MIN_CJK_SHARE = 0.9


class DecodeError(Exception):
    """The bytes are in no encoding we can identify with confidence."""

    def __init__(self, text: Text) -> None:
        super().__init__(text.en)
        self.text = text


def without_bom(data: bytes) -> bytes:
    """The bytes after a UTF-8 or UTF-16 byte-order mark, if any."""
    return next((data[len(bom):] for bom in (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
                 if data.startswith(bom)), data)


def decode_bytes(data: bytes) -> tuple[str, str]:
    """(text, encoding name) or DecodeError naming what was tried."""
    if data.startswith(codecs.BOM_UTF8):
        return _strict(data[3:], "utf-8"), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _strict(data, "utf-16"), "utf-16"
    if b"\x00" in data:
        raise DecodeError(Text("含有 NUL 字节，是二进制文件而不是文本表单", "contains NUL bytes: binary file, not a text form"))
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError as exc:
        raise DecodeError(Text(f"既不是 UTF-8 也不是 GBK/GB18030（第 {exc.start} 字节出错）",
                                   f"neither UTF-8 nor GBK/GB18030 (bad byte at offset {exc.start})")) from None
    if _cjk_share(text) < _MIN_CJK_SHARE:
        raise DecodeError(Text("不是有效的 UTF-8，按 GBK/GB18030 解码也不是通顺的中文",
                               "not valid UTF-8, and decoding as GBK/GB18030 gives no plausible Chinese text"))
    return text, "gb18030"


def _strict(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise DecodeError(Text(f"有 {encoding} 字节序标记，但第 {exc.start} 字节不是有效的 {encoding}",
                               f"{encoding} byte-order mark but invalid {encoding} at offset {exc.start}")) from None


def _cjk_share(text: str) -> float:
    """Share of non-ASCII characters that are CJK ideographs, CJK punctuation or full-width forms."""
    non_ascii = [c for c in text if ord(c) > 127]
    if not non_ascii:
        return 1.0
    cjk = sum(
        1
        for c in non_ascii
        if "\u4e00" <= c <= "\u9fff" or "\u3000" <= c <= "\u303f" or "\uff00" <= c <= "\uffef"
        or "\u2000" <= c <= "\u206f" or c in "≥≤×÷·"
    )
    return cjk / len(non_ascii)
