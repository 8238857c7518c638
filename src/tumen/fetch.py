"""A polite, safe HTTP fetcher (robots.txt, rate limit, retries, SSRF guard) and file reader."""

from __future__ import annotations

import codecs
import ipaddress
import mimetypes
import re
import socket
import threading
import time
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from importlib import import_module
from pathlib import Path
from types import MappingProxyType, TracebackType
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin, urlsplit
from urllib.robotparser import RobotFileParser

import charset_normalizer

from tumen.config import Settings
from tumen.models import RawPage


class _Lazy:
    """A module imported on first attribute use: reading a local file needs no httpx."""

    def __init__(self, name: str) -> None:
        self._name = name

    def __getattr__(self, attr: str) -> Any:
        return getattr(import_module(self._name), attr)


if TYPE_CHECKING:
    import httpx

    from tumen.archive import WarcArchive
else:
    httpx = _Lazy("httpx")

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network

REDIRECTS = frozenset({301, 302, 303, 307, 308})
ROBOTS_MAX_BYTES = 500 * 1024  # RFC 9309 lets crawlers stop parsing after 500 KiB
ROBOTS_MAX_REDIRECTS = 5  # RFC 9309 section 2.3.1.2
CRAWL_DELAY_CAP = 60.0  # a hostile robots.txt must not stall a crawl for hours

# Browsers decode these labels with the superset codec (WHATWG Encoding), and so must we.
_SUPERSETS = MappingProxyType({
    "euc_kr": "cp949", "ks_c_5601_1987": "cp949", "shift_jis": "cp932", "latin_1": "cp1252",
    "ascii": "cp1252", "iso8859_9": "cp1254", "gb2312": "gb18030", "gbk": "gb18030",
    "utf_16": "utf-8", "utf_16_le": "utf-8", "utf_16_be": "utf-8",  # only valid with a BOM
})
_BOMS = (
    (codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_META_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]+)""", re.IGNORECASE
)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]+encoding\s*=\s*["']([a-zA-Z0-9_.:-]+)""")
_CHARSET_PARAM = re.compile(r"""charset\s*=\s*["']?([^"';,\s]+)""", re.IGNORECASE)


class FetchError(Exception):
    """Anything that kept a URL or file from being read; the message is one clear line."""


# ---------------------------------------------------------------- SSRF guard


def check_url(url: str, allow: list[str]) -> None:
    """Raise FetchError unless ``url`` is http(s) and its host's addresses are all allowed."""
    resolve_url(url, allow)


def resolve_url(url: str, allow: list[str]) -> list[str]:
    """The checked addresses of ``url``'s host; FetchError if any of them is refused."""
    try:
        parts = urlsplit(url)
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError as e:
        raise FetchError(f"bad URL {url!r}: {e}") from None
    if parts.scheme not in ("http", "https"):
        raise FetchError(f"refused: scheme {parts.scheme or '(none)'!r} is not http or https")
    if not parts.hostname:
        raise FetchError(f"bad URL {url!r}: no host")
    try:
        infos = socket.getaddrinfo(parts.hostname, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as e:
        raise FetchError(f"cannot resolve {parts.hostname}: {e}") from None
    networks = _allow_networks(tuple(allow))
    addresses: list[str] = []
    for info in infos:
        address = str(info[4][0]).split("%", 1)[0]
        reason = refusal(ipaddress.ip_address(address), networks)
        if reason:
            raise FetchError(f"refused: {address} is {reason} address")
        if address not in addresses:
            addresses.append(address)
    if not addresses:
        raise FetchError(f"cannot resolve {parts.hostname}: no address")
    return addresses


def refusal(ip: IPAddress, allowed: tuple[IPNetwork, ...] = ()) -> str | None:
    """Why ``ip`` may not be fetched ("a private", "a loopback"...), or None if it may."""
    if any(ip in net for net in allowed if net.version == ip.version):
        return None
    if isinstance(ip, ipaddress.IPv6Address):
        # Addresses that embed an IPv4 address reach that address: judge it instead.
        embedded = ip.ipv4_mapped or ip.sixtofour or (ip.teredo[1] if ip.teredo else None)
        if embedded is not None:
            return refusal(embedded, allowed)
    for kind in ("loopback", "link_local", "multicast", "unspecified", "reserved", "private"):
        if getattr(ip, f"is_{kind}"):
            return "a link-local" if kind == "link_local" else f"a {kind}"
    if not ip.is_global:  # shared (100.64/10) and other special-purpose ranges
        return "a non-global"
    return None


def _allow_networks(allow: tuple[str, ...]) -> tuple[IPNetwork, ...]:
    """The allow list as networks (a bare address is a /32 or /128)."""
    try:
        return tuple(ipaddress.ip_network(a.strip(), strict=False) for a in allow if a.strip())
    except ValueError as e:
        raise FetchError(f"bad allow_addresses entry: {e}") from None


# ---------------------------------------------------------------- charsets


# Characters XML 1.0 forbids (C0 controls but tab, LF, CR; surrogates; U+FFFE/U+FFFF): lxml
# refuses a whole tree for one of them, so a stray form feed would lose the page
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_AS_SPACE = frozenset("\x0b\x0c\x1c\x1d\x1e\x1f")  # separators: keep the words apart


# an HTML parser turns a numeric reference such as &#12; into the character itself
_CHAR_REF = re.compile(r"&#(?:([0-9]{1,8})|[xX]([0-9a-fA-F]{1,7}));?")


def _forbidden_ref(m: re.Match[str]) -> str:
    """A space for a reference to an XML-incompatible character; other references stay."""
    value = int(m.group(1)) if m.group(1) else int(m.group(2), 16)
    return " " if value < 0x110000 and _NOT_XML.match(chr(value)) else m.group()


def xml_safe(text: str) -> str:
    """``text`` without XML-incompatible characters, literal or as numeric references
    (separators become spaces, others go)."""
    if "&#" in text:
        text = _CHAR_REF.sub(_forbidden_ref, text)
    if not _NOT_XML.search(text):
        return text
    return _NOT_XML.sub(lambda m: " " if m.group() in _AS_SPACE else "", text)


def decode_body(body: bytes, content_type: str = "") -> tuple[str, str]:
    """Decode ``body`` to XML-safe text and its codec; never raises (bad bytes: U+FFFD)."""
    encoding = detect_encoding(body, content_type)
    bom = next((b for b, name in _BOMS if name == encoding and body.startswith(b)), b"")
    return xml_safe(body[len(bom):].decode(encoding, errors="replace")), encoding


def detect_encoding(body: bytes, content_type: str = "") -> str:
    """The codec for ``body``: BOM, header charset, <meta> or XML declaration, else sniffed."""
    for bom, name in _BOMS:
        if body.startswith(bom):
            return name
    header = _CHARSET_PARAM.search(content_type or "")
    in_body = _declared_in_body(body[:4096])
    declared = [c for c in (_codec(m.group(1)) for m in (header, in_body) if m) if c]
    if declared and not body.isascii() and _decodes(body, "utf-8"):
        # Multibyte text that is valid UTF-8 is UTF-8 whatever a template declares: text
        # in a legacy charset is almost never valid UTF-8, while GB18030 and friends decode
        # UTF-8 bytes "cleanly" into mojibake (a gb2312 <meta> over UTF-8 bytes).
        return "utf-8"
    for name in declared:
        if _mostly_decodes(body, name):
            return name
    sniffed = _sniff(body)
    if sniffed:
        return sniffed
    # Nothing decodes cleanly: trust the declaration, U+FFFD will mark the bad bytes.
    return declared[0] if declared else "utf-8"


def _declared_in_body(head: bytes) -> re.Match[bytes] | None:
    """The charset named by an XML declaration or an HTML <meta>."""
    return _XML_ENCODING.search(head) or _META_CHARSET.search(head)


def _codec(label: str | bytes) -> str | None:
    """The Python codec name for a charset label, with WHATWG supersets; None if unknown."""
    if isinstance(label, bytes):
        label = label.decode("ascii", "replace")
    try:
        name = codecs.lookup(label.strip().lower()).name.replace("-", "_")
    except LookupError:
        return None
    name = _SUPERSETS.get(name, name)
    return codecs.lookup(name).name


def _mostly_decodes(body: bytes, encoding: str) -> bool:
    """Whether a declared ``encoding`` fits ``body`` but for a stray bad byte or two."""
    # A page declared UTF-8 with one broken byte must stay UTF-8, as in a browser.
    errors = body.decode(encoding, errors="replace").count("\ufffd")
    return errors <= max(1, len(body) // 2000)


def _decodes(body: bytes, encoding: str) -> bool:
    """Whether ``body`` is valid in ``encoding`` (a cut multibyte char at the end is forgiven)."""
    try:
        codecs.getincrementaldecoder(encoding)().decode(body, final=False)
    except UnicodeDecodeError:
        return False
    return True


def _sniff(body: bytes) -> str | None:
    """UTF-8 if the bytes are valid UTF-8, else charset_normalizer's guess."""
    if _decodes(body, "utf-8"):
        return "utf-8"
    try:
        best = charset_normalizer.from_bytes(body[:200_000]).best()
    except Exception:  # decode_body promises never to raise; a guess is not worth a crash
        return None
    return _codec(best.encoding) if best else None


def is_text(content_type: str) -> bool:
    """Whether a body of this type is text worth a charset (unknown types are assumed text)."""
    kind = content_type.split(";")[0].strip().lower()
    return kind.startswith("text/") or kind.endswith(("xml", "json")) or kind == ""


# ---------------------------------------------------------------- local files


def read_path(path: Path, settings: Settings) -> RawPage:
    """Read a local file as a RawPage, so files and URLs go through the same pipeline."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if not path.is_file():
            raise FetchError(f"not a file: {path}")
        if size > settings.max_body_bytes:
            raise FetchError(f"body larger than {settings.max_body_bytes} bytes: {path}")
        body = path.read_bytes()[: settings.max_body_bytes + 1]
    except OSError as e:
        raise FetchError(f"cannot read {path}: {e.strerror or e}") from None
    if len(body) > settings.max_body_bytes:  # it grew after stat
        raise FetchError(f"body larger than {settings.max_body_bytes} bytes: {path}")
    content_type = guess_type(path.name, body)
    uri = path.resolve().as_uri()
    return RawPage(
        url=uri, final_url=uri, body=body, status=200, fetched_at=datetime.now(UTC),
        content_type=content_type,
        encoding=detect_encoding(body, content_type) if is_text(content_type) else None,
    )


def guess_type(name: str, body: bytes) -> str:
    """The content type of a file, from its first bytes and its name."""
    lower = name.lower()
    if lower.endswith((".warc", ".warc.gz", ".arc.gz")) or body.startswith(b"WARC/"):
        return "application/warc"
    head = body[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith(b"<?xml") or lower.endswith((".xml", ".rss", ".atom", ".rdf")):
        if b"<rss" in head or b"<rdf:rdf" in head:
            return "application/rss+xml"
        if b"<feed" in head:
            return "application/atom+xml"
    if head.startswith((b"<!doctype html", b"<html")) or b"<html" in head[:512]:
        return "text/html"
    guessed = mimetypes.guess_type(lower)[0]
    if guessed:
        return guessed
    if b"\x00" in body[:8192]:
        return "application/octet-stream"
    return "text/plain"


# ---------------------------------------------------------------- HTTP


@dataclass
class _Answer:
    """A response read within limits."""

    status: int
    headers: dict[str, str]
    body: bytes
    request_headers: dict[str, str]


def pinned_request(client: httpx.Client, method: str, url: str, allow: list[str],
                   headers: dict[str, str], content: bytes | None = None) -> httpx.Request:
    """A request to a checked address of ``url``'s host (Host header and SNI keep the name)."""
    addresses = resolve_url(url, allow)
    target = httpx.URL(url)
    # Connect to the address we checked, not to whatever a second lookup returns (DNS
    # rebinding); the client must be made with trust_env=False so no proxy steps in either.
    return client.build_request(
        method, target.copy_with(host=addresses[0]),
        headers={**headers, "Host": target.netloc.decode("ascii")}, content=content,
        extensions={"sni_hostname": target.host} if target.scheme == "https" else {},
    )


def web_client(timeout: httpx.Timeout, **options: Any) -> httpx.Client:
    """An httpx client that neither follows redirects nor obeys HTTP(S)_PROXY."""
    # trust_env=False: a proxy from the environment would bypass the address check.
    return httpx.Client(timeout=timeout, follow_redirects=False, trust_env=False, **options)


class Fetcher:
    """Fetches URLs politely and safely with one httpx.Client; use as a context manager."""

    def __init__(self, settings: Settings, archive: WarcArchive | None = None) -> None:
        self.settings = settings
        self.archive = archive
        self.allow = list(settings.allow_addresses)
        timeout = httpx.Timeout(
            settings.read_timeout, connect=settings.connect_timeout, pool=settings.connect_timeout
        )
        self.client = web_client(timeout, headers={"User-Agent": settings.user_agent})
        self._robots: dict[str, RobotFileParser] = {}
        self._last: dict[str, float] = {}
        self._host_locks: dict[str, threading.Lock] = {}
        self._lock = threading.Lock()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, value: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Close the HTTP connections."""
        self.client.close()

    def fetch(
        self, url: str, *, etag: str | None = None, last_modified: str | None = None
    ) -> RawPage:
        """GET ``url`` following checked redirects; a 304 is RawPage(status=304, body=b"")."""
        headers = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        current, seen = url, {url}
        for _ in range(self.settings.max_redirects + 1):
            self._check_robots(current)
            answer = self._get_with_retries(current, headers)
            location = answer.headers.get("location")
            if answer.status not in REDIRECTS:
                return self._page(url, current, answer)
            if not location:
                raise FetchError(f"HTTP {answer.status} without a Location")
            current = urljoin(current, location.strip())
            if current in seen:
                raise FetchError(f"redirect loop at {current}")
            seen.add(current)
        raise FetchError(f"too many redirects (more than {self.settings.max_redirects})")

    def _page(self, url: str, final_url: str, answer: _Answer) -> RawPage:
        """The RawPage for a final answer, archived when there is a body and an archive."""
        if answer.status >= 400:
            raise FetchError(f"HTTP {answer.status}")
        content_type = answer.headers.get("content-type", "")
        page = RawPage(
            url=url, final_url=final_url, status=answer.status, headers=answer.headers,
            body=answer.body if answer.status != 304 else b"", fetched_at=datetime.now(UTC),
            content_type=content_type,
            encoding=detect_encoding(answer.body, content_type) if is_text(content_type) else None,
        )
        if self.archive is None or page.status == 304:
            return page
        warc_path, record_id = self.archive.write(page, answer.request_headers)
        return replace(page, warc_path=warc_path, warc_record_id=record_id)

    def _get_with_retries(self, url: str, headers: dict[str, str]) -> _Answer:
        """GET with exponential backoff on 5xx and timeouts; never retries a 4xx."""
        retries = self.settings.max_retries
        for attempt in range(retries + 1):
            if attempt:
                time.sleep(self.settings.backoff * 2 ** (attempt - 1))
            try:
                answer = self._get(url, headers)
            except httpx.TimeoutException:
                if attempt == retries:
                    raise FetchError(f"timeout after {retries} retries") from None
                continue
            except httpx.TransportError as e:
                if attempt == retries:
                    raise FetchError(f"connection failed after {retries} retries: {e}") from None
                continue
            if answer.status < 500:
                return answer
            if attempt == retries:
                raise FetchError(f"HTTP {answer.status} after {retries} retries")
        raise AssertionError("unreachable")

    def _get(self, url: str, headers: dict[str, str], limit: int | None = None) -> _Answer:
        """One GET to a checked address of the host, paced per host, body read within ``limit``."""
        request = pinned_request(self.client, "GET", url, self.allow, headers)
        host = request.headers["Host"]
        with self._host_lock(host):
            self._wait_turn(host)
            try:
                response = self.client.send(request, stream=True)
                try:
                    body = _read_limited(response, limit or self.settings.max_body_bytes)
                finally:
                    response.close()
            finally:
                with self._lock:
                    self._last[host] = time.monotonic()
        return _Answer(
            status=response.status_code,
            headers={k.lower(): v for k, v in response.headers.items()},
            body=body, request_headers=dict(request.headers.items()),
        )

    def _host_lock(self, host: str) -> threading.Lock:
        """The lock that keeps requests to ``host`` one at a time."""
        with self._lock:
            return self._host_locks.setdefault(host, threading.Lock())

    def _wait_turn(self, host: str) -> None:
        """Sleep until the host's delay (ours or its robots.txt Crawl-delay) has passed."""
        with self._lock:
            last = self._last.get(host)
            delay = max(self.settings.fetch_delay, self._crawl_delay(host))
        if last is not None:
            time.sleep(max(0.0, last + delay - time.monotonic()))

    def _crawl_delay(self, host: str) -> float:
        """The Crawl-delay robots.txt asks of us for ``host``, capped."""
        robots = next((r for k, r in self._robots.items() if urlsplit(k).netloc == host), None)
        value = robots.crawl_delay(self.settings.user_agent) if robots else None
        return min(float(value), CRAWL_DELAY_CAP) if value else 0.0

    def _check_robots(self, url: str) -> None:
        """Raise FetchError if the host's robots.txt disallows ``url`` for our user agent."""
        parts = urlsplit(url)
        key = f"{parts.scheme}://{parts.netloc}"
        if key not in self._robots:
            self._robots[key] = self._load_robots(key)
        if not self._robots[key].can_fetch(self.settings.user_agent, url):
            raise FetchError(f"disallowed by robots.txt: {url}")

    def _load_robots(self, origin: str) -> RobotFileParser:
        """Fetch and parse robots.txt: 4xx or unreachable allows all, 5xx disallows all."""
        url = f"{origin}/robots.txt"
        robots = RobotFileParser(url)
        try:
            for _ in range(ROBOTS_MAX_REDIRECTS + 1):
                answer = self._get(url, {"Accept": "text/plain,*/*"}, limit=ROBOTS_MAX_BYTES)
                if answer.status not in REDIRECTS or "location" not in answer.headers:
                    break
                url = urljoin(url, answer.headers["location"])
            else:
                answer = _Answer(404, {}, b"", {})  # too many redirects: as if none (RFC 9309)
        except FetchError as e:
            if "refused" in str(e):
                raise
            answer = _Answer(404, {}, b"", {})
        except httpx.HTTPError:
            answer = _Answer(404, {}, b"", {})
        if answer.status >= 500:
            robots.disallow_all = True  # type: ignore[attr-defined]
        elif answer.status >= 400 or answer.status in REDIRECTS:
            robots.allow_all = True  # type: ignore[attr-defined]
        else:
            robots.parse(answer.body.decode("utf-8", errors="replace").splitlines())
        return robots


def _read_limited(response: httpx.Response, limit: int) -> bytes:
    """The (decompressed) body, refusing it as soon as it passes ``limit`` bytes."""
    declared = response.headers.get("content-length", "")
    encoded = "content-encoding" in response.headers
    if declared.isdecimal() and int(declared) > limit and not encoded:
        raise FetchError(f"body larger than {limit} bytes")
    chunks: list[bytes] = []
    size = 0
    try:
        for chunk in response.iter_bytes():
            size += len(chunk)
            if size > limit:
                raise FetchError(f"body larger than {limit} bytes")
            chunks.append(chunk)
    except httpx.DecodingError as e:
        raise FetchError(f"undecodable content-encoding: {e}") from None
    return b"".join(chunks)
