"""Reading: formats, encodings and every kind of bad input, on small files written per test."""

from __future__ import annotations

import codecs
import io
import os
import sys
import time

import pytest

from compare.errors import DecodeError, InputError, TooLargeError
from compare.read.source import binary_kind, read_source

TEXT = "内蒙古自治区人民政府关于印发实施方案的通知\n一、总体要求\n（一）推进區域協調發展。\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"


def write(tmp_path, name: str, data: bytes) -> str:
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


@pytest.mark.parametrize(
    ("codec", "expected"),
    [
        ("utf-8", "utf-8"),
        ("utf-8-sig", "utf-8-sig"),
        ("gb18030", "gb18030"),
        ("utf-16", "utf-16"),
    ],
)
def test_each_encoding_decodes_to_the_same_text(tmp_path, codec, expected):
    src = read_source(write(tmp_path, "doc.txt", TEXT.encode(codec)))
    assert src.text == TEXT
    assert src.encoding == expected
    assert not src.encoding_guessed


def test_utf16_big_endian_with_bom(tmp_path):
    raw = codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be")
    src = read_source(write(tmp_path, "be.txt", raw))
    assert (src.text, src.encoding) == (TEXT, "utf-16")


def test_big5_traditional_text_is_not_taken_for_gb18030(tmp_path):
    text = (
        "呼包鄂烏一體化發展規劃\n第一章　發展背景\n區域協調發展取得重大進展，綜合實力顯著增強。\n"
        * 3
    )
    src = read_source(write(tmp_path, "big5.txt", text.encode("big5")))
    assert src.encoding == "big5"
    assert src.text == text


def test_utf8_with_private_use_bullets_stays_utf8(tmp_path):
    text = "专栏1\uf0d8经济发展\uf0d8创新驱动。\n" * 20
    src = read_source(write(tmp_path, "pdf.txt", text.encode("utf-8")))
    assert (src.encoding, src.text) == ("utf-8", text)


def test_gbk_bytes_read_as_gb18030(tmp_path):
    src = read_source(write(tmp_path, "gbk.txt", TEXT.encode("gbk")))
    assert (src.encoding, src.text) == ("gb18030", TEXT)


def test_size_is_the_raw_byte_count(tmp_path):
    raw = TEXT.encode("utf-16")
    assert read_source(write(tmp_path, "doc.txt", raw)).size == len(raw)


def test_markdown_keeps_its_heading_lines(tmp_path):
    src = read_source(write(tmp_path, "doc.md", "# 标题\n\n## 一、总体要求\n\n正文。\n".encode()))
    assert src.format == "md"
    assert src.text.startswith("# 标题\n")


HTML = """<!DOCTYPE html><html><head><title>站点</title><style>p{color:red}</style>
<script>var tracking = "发布日期";</script></head><body>
<header>内蒙古自治区人民政府门户网站</header><nav><a href="/">首页</a><a>政务公开</a></nav>
<main><h1>关于印发方案的通知</h1><p>各盟市：</p><h2>一、总体要求</h2>
<p>坚持生态优先，<b>绿色发展</b>。<br>推动高质量发展。</p></main>
<aside>相关链接</aside><footer>版权所有 主办单位</footer></body></html>"""


def test_html_main_text_with_headings_and_no_furniture(tmp_path):
    src = read_source(write(tmp_path, "page.html", HTML.encode("utf-8")))
    assert src.format == "html"
    lines = src.text.splitlines()
    assert lines[0] == "# 关于印发方案的通知"
    assert "## 一、总体要求" in lines
    assert "坚持生态优先，绿色发展。" in lines
    assert "推动高质量发展。" in lines
    for furniture in ("tracking", "首页", "门户网站", "相关链接", "版权所有", "color"):
        assert furniture not in src.text


def test_html_furniture_named_by_class_or_id(tmp_path):
    page = (
        '<html><body><div class="top-nav">首页 政务公开</div><div class="content">'
        "<h1>关于印发方案的通知</h1><p>推进区域协调发展。</p></div>"
        '<div id="share_bar">分享到微信</div><div class="footer copyright">版权所有</div>'
        "</body></html>"
    )
    src = read_source(write(tmp_path, "page.html", page.encode()))
    assert src.text == "# 关于印发方案的通知\n推进区域协调发展。\n"


def test_html_in_gb18030_with_htm_suffix(tmp_path):
    src = read_source(write(tmp_path, "page.htm", HTML.encode("gb18030")))
    assert src.encoding == "gb18030"
    assert "# 关于印发方案的通知" in src.text


def test_xhtml_with_an_encoding_declaration(tmp_path):
    page = (
        '<?xml version="1.0" encoding="gb2312"?><html><body><p>推进区域协调发展。</p></body></html>'
    )
    src = read_source(write(tmp_path, "page.xhtml", page.encode("gb18030")))
    assert src.text == "推进区域协调发展。\n"


def test_standard_input(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(TEXT.encode("gb18030"))))
    src = read_source("-")
    assert (src.path, src.text, src.encoding) == ("-", TEXT, "gb18030")


def test_standard_input_over_the_limit(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"a" * 101)))
    with pytest.raises(TooLargeError):
        read_source("-", max_bytes=100)


def test_empty_file_is_valid_and_noted(tmp_path):
    src = read_source(write(tmp_path, "empty.txt", b""))
    assert src.text == ""
    assert "empty document" in src.notes


def test_missing_path(tmp_path):
    with pytest.raises(InputError) as err:
        read_source(str(tmp_path / "nope.txt"))
    assert "no such file" in err.value.what and err.value.fix


def test_directory(tmp_path):
    with pytest.raises(InputError) as err:
        read_source(str(tmp_path))
    assert "directory" in err.value.what


def test_png_is_refused(tmp_path):
    with pytest.raises(InputError) as err:
        read_source(write(tmp_path, "image.txt", PNG))
    assert "PNG" in err.value.why
    assert not isinstance(err.value, DecodeError)


def test_nul_bytes_and_control_bytes_are_binary():
    assert binary_kind(b"abc\x00def")
    assert binary_kind(bytes(range(1, 32)) * 10)
    assert binary_kind("正文\t\r\n".encode()) == ""


def test_undecodable_bytes(tmp_path, monkeypatch):
    import charset_normalizer

    class Nothing:
        def best(self):
            return None

    monkeypatch.setattr(charset_normalizer, "from_bytes", lambda raw: Nothing())
    with pytest.raises(DecodeError) as err:
        read_source(write(tmp_path, "bad.txt", b"\xff\xfe\xfa" * 10 + b"\x81"))
    assert "UTF-8" in err.value.fix


def test_guessed_encoding_is_reported(tmp_path):
    raw = "Ceci est un texte français accentué, écrit en Latin-1. " * 20
    src = read_source(write(tmp_path, "latin.txt", raw.encode("cp1252") + b"\x81\x81"))
    assert src.encoding_guessed
    assert any("guessed" in note for note in src.notes)


def test_over_the_size_limit_names_the_limit_and_the_option(tmp_path):
    with pytest.raises(TooLargeError) as err:
        read_source(write(tmp_path, "big.txt", b"a" * 2000), max_bytes=1000)
    assert "1000" in err.value.why and "--max-size" in err.value.fix


def test_fifty_megabytes_on_one_line_are_refused_by_stat(tmp_path):
    path = tmp_path / "oneline.txt"
    with open(path, "wb") as fh:
        fh.truncate(50_000_000)
    with pytest.raises(TooLargeError):
        read_source(str(path))


def test_unreadable_file(tmp_path, monkeypatch):
    path = write(tmp_path, "secret.txt", TEXT.encode())

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("compare.read.source.open", refuse, raising=False)
    with pytest.raises(InputError) as err:
        read_source(path)
    assert "permission" in err.value.what


def test_input_is_never_written(tmp_path):
    path = write(tmp_path, "doc.txt", TEXT.encode())
    before = os.stat(path).st_mtime_ns
    time.sleep(0.01)
    read_source(path)
    assert os.stat(path).st_mtime_ns == before
