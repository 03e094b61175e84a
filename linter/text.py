"""A message in both languages: readers and the engine say everything in Chinese and English."""

from __future__ import annotations

import errno
import os
from dataclasses import dataclass


@dataclass(frozen=True)
class Text:
    zh: str
    en: str

    def __str__(self) -> str:
        return self.en

    def pick(self, lang: str) -> str:
        return self.en if lang == "en" else self.zh


# What the operating system's error says, in Chinese: its own text (strerror) is English whatever the locale.
_OS_REASONS = {
    errno.ENOENT: "不存在", errno.EACCES: "没有访问权限", errno.EPERM: "不允许这样操作", errno.EISDIR: "是文件夹，不是文件",
    errno.ENOTDIR: "路径中有一段不是文件夹", errno.ELOOP: "符号链接形成了循环", errno.ENAMETOOLONG: "名称太长",
    errno.ENOSPC: "磁盘空间不足", errno.EROFS: "所在的文件系统只读", errno.EIO: "读写出错（磁盘或设备故障）",
    errno.EADDRINUSE: "端口已被占用", errno.EADDRNOTAVAIL: "这个地址在本机上不可用", errno.EMFILE: "同时打开的文件太多",
}


def os_reason(exc: OSError | int) -> Text:
    """Why an operating-system call failed, in both languages (an errno, or the OSError that carries one)."""
    code = exc if isinstance(exc, int) else exc.errno
    en = os.strerror(code) if isinstance(exc, int) else (exc.strerror or str(exc))
    return Text(_OS_REASONS.get(code, f"系统错误：{en}"), en)
