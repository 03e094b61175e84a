"""A message in both languages: readers and the engine say everything in Chinese and English."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Text:
    zh: str
    en: str

    def __str__(self) -> str:
        return self.en

    def pick(self, lang: str) -> str:
        return self.en if lang == "en" else self.zh
