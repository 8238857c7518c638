"""Multipart forms parsed in memory: a confidential upload never reaches the disk in clear."""

from __future__ import annotations

import re
from collections.abc import AsyncGenerator

from fastapi import HTTPException, Request
from starlette.datastructures import FormData
from starlette.datastructures import UploadFile as StarletteUpload
from starlette.formparsers import MultiPartParser

# Paths that take a confidential file; their bodies may be as large as an attachment.
UPLOAD_PATH = re.compile(r"^/(?:api/v1/)?incidents/\d+/attachments$")
# The multipart envelope around the file: boundaries, part headers, the CSRF field.
ENVELOPE = 64 * 1024
FILE_FIELD = "file"
# OpenAPI description of the upload body, since the route reads the form itself.
UPLOAD_BODY = {"requestBody": {"required": True, "content": {"multipart/form-data": {"schema": {
    "type": "object", "required": [FILE_FIELD],
    "properties": {FILE_FIELD: {"type": "string", "format": "binary"}}}}}}}


class _InMemoryParser(MultiPartParser):
    """Starlette's parser without spooling: it writes file parts over 1 MiB to a temporary
    file, which for a confidential attachment would be plaintext on disk. The request size
    limit bounds what is held in memory instead."""

    spool_max_size = 2**62


def body_limit(request: Request, default: int, attachment: int) -> int:
    """The largest body accepted on this path."""
    return attachment + ENVELOPE if UPLOAD_PATH.match(request.url.path) else default


async def read_form(request: Request) -> FormData:
    """The request's form, parsed from its (cached, size-checked) body in memory."""
    body = await request.body()
    kind = request.headers.get("content-type", "")
    if not kind.lower().startswith("multipart/form-data"):
        return await request.form()

    async def once() -> AsyncGenerator[bytes, None]:
        yield body

    parser = _InMemoryParser(request.headers, once(), max_files=2, max_fields=20)
    try:
        return await parser.parse()
    except Exception as exc:  # starlette raises MultiPartException on malformed bodies
        raise HTTPException(400, f"malformed form: {exc}") from None


async def uploaded_file(request: Request) -> StarletteUpload:
    """The one file of an upload form, or 422."""
    upload = (await read_form(request)).get(FILE_FIELD)
    if not isinstance(upload, StarletteUpload):
        raise HTTPException(422, f"a file is required in the {FILE_FIELD!r} field")
    return upload
