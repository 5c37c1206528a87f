"""gongwen 公文审稿台 — an offline editor and auditor for Chinese government work reports."""

__version__ = "0.1.0"
