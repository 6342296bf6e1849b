"""The error tree: one base, a few specific kinds; the edges turn them into user messages."""

from __future__ import annotations


class AssistantError(Exception):
    """Base of every error the library raises on purpose."""

    user_message = "处理请求时出错。"


class CorpusError(AssistantError):
    """The corpus is missing or a document cannot be parsed; the message says where and why."""

    user_message = "政策文件缺失或无法解析。"


class IndexStaleError(AssistantError):
    """The built index does not match the corpus, parser or embedder and must be rebuilt."""

    user_message = "索引已过期,需要重建。"


class ModelUnavailableError(AssistantError):
    """A configured embedding or chat model cannot be loaded or reached."""

    user_message = "所配置的模型不可用。"


class InputRejected(AssistantError):
    """A question or input line was rejected (empty, too long, not text); the message says why."""

    user_message = "输入无效。"

    def __init__(self, message: str, *, english: str | None = None):
        super().__init__(message)
        self.english = english or message


class IndexLocationError(AssistantError):
    """The index folder cannot be used as set (a file, another's folder, read-only but due a rebuild)."""

    user_message = "索引目录不可用,请检查 POLICY_INDEX_DIR。"
