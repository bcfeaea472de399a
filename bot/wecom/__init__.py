"""The WeCom (企业微信, 政务微信, 粤政易) channel: callback crypto, API client, server, markdown."""

from __future__ import annotations

from bot.wecom.server import run_wecom

__all__ = ["run_wecom"]
