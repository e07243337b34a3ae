"""multipart/form-data parsing for the routes that take it (hapi's subtext and pez)."""

from __future__ import annotations

import pytest

from fakekibana.core.errors import BadRequest
from fakekibana.core.multipart import INVALID_MULTIPART, FormFile, boundary_of, parse_form


def form(*parts: bytes, boundary: bytes = b"XyZ") -> bytes:
    """A multipart body of these parts (headers, blank line, data each)."""
    body = b"".join(b"--" + boundary + b"\r\n" + part + b"\r\n" for part in parts)
    return body + b"--" + boundary + b"--\r\n"


FILE = b'Content-Disposition: form-data; name="file"; filename="export.ndjson"\r\n'
FILE += b"Content-Type: application/ndjson\r\n\r\n"


def test_boundary_of_reads_quoted_and_plain_boundaries() -> None:
    """The boundary parameter, quoted or not, or None without one."""
    assert boundary_of('multipart/form-data; boundary="a b"') == "a b"
    assert boundary_of("multipart/form-data; charset=x; BOUNDARY=abc") == "abc"
    assert boundary_of("multipart/form-data") is None


def test_parse_form_gives_files_and_text_fields() -> None:
    """A file part is a FormFile with its bytes; a text part is a string."""
    retries = b'Content-Disposition: form-data; name="retries"\r\n\r\n[{"a":1}]'
    body = form(FILE + b'{"id":"1"}\r\n{"id":"2"}', retries)
    assert parse_form(body, "XyZ") == {
        "file": FormFile(
            "file", "export.ndjson", "application/ndjson", b'{"id":"1"}\r\n{"id":"2"}'
        ),
        "retries": '[{"a":1}]',
    }


def test_parse_form_skips_a_preamble_and_repeats_names_as_lists() -> None:
    """Text before the first boundary is ignored; a repeated name becomes a list (pez)."""
    field = b'Content-Disposition: form-data; name="a"\r\n\r\n'
    body = b"preamble\r\n" + form(field + b"1", field + b"2")
    assert parse_form(body, "XyZ") == {"a": ["1", "2"]}


def test_a_file_part_without_a_content_type_is_octet_stream() -> None:
    """pez's default content type of a part."""
    part = b'Content-Disposition: form-data; name="file"; filename=x.txt\r\n\r\nhi'
    assert parse_form(form(part), "XyZ")["file"] == FormFile(
        "file", "x.txt", "application/octet-stream", b"hi"
    )


@pytest.mark.parametrize(
    "body",
    [
        b"",
        b"no boundary at all",
        b"--XyZ\r\n" + FILE + b"data without a closing boundary",
        form(b"Content-Type: text/plain\r\n\r\nno disposition"),
        form(b"Content-Disposition: form-data\r\n\r\nno name"),
        form(b"Content-Disposition: attachment; name=x\r\n\r\nnot form-data"),
        form(b"a header without a colon\r\n\r\nx"),
    ],
)
def test_a_body_pez_cannot_split_is_a_400(body: bytes) -> None:
    """subtext's `Invalid multipart payload format`."""
    with pytest.raises(BadRequest) as failure:
        parse_form(body, "XyZ")
    assert failure.value.message == INVALID_MULTIPART
