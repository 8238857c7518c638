"""Settings read from $TUMEN_* environment variables, with a default for each."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Every setting of tumen; each is also $TUMEN_<NAME>."""

    model_config = SettingsConfigDict(env_prefix="TUMEN_", extra="ignore")

    db: str = Field("tumen.db", description="SQLite path or postgresql:// URL of the store.")
    archive_dir: str = Field(
        "", description="Folder for WARC snapshots; empty means 'archive' beside the database."
    )
    sources: str = Field("sources.toml", description="TOML file listing the sources to crawl.")
    user_agent: str = Field(
        "tumen/0.1 (+https://github.com/tumen-project/tumen)",
        description="User-Agent sent with every request and matched against robots.txt.",
    )
    fetch_delay: float = Field(1.0, description="Seconds between two requests to the same host.")
    connect_timeout: float = Field(10.0, description="Seconds to wait for a connection.")
    read_timeout: float = Field(30.0, description="Seconds to wait for data on an open connection.")
    max_retries: int = Field(3, description="Retries on 5xx answers and timeouts, with backoff.")
    backoff: float = Field(1.0, description="First retry delay in seconds; doubles each retry.")
    max_body_bytes: int = Field(
        10_000_000, description="Bodies larger than this are refused, not truncated."
    )
    max_redirects: int = Field(10, description="Redirects followed before giving up.")
    allow_addresses: list[str] = Field(
        default_factory=list,
        description="Private/loopback addresses or networks (CIDR) the fetcher may reach.",
    )
    near_duplicate_threshold: float = Field(
        0.8, description="Estimated Jaccard similarity (word 3-shingles) above which two texts "
        "are duplicates."
    )
    host: str = Field("127.0.0.1", description="Address the web app listens on.")
    port: int = Field(8000, description="Port the web app listens on.")
    workers: int = Field(
        1, ge=1, description="Processes serving the web app; each keeps its own result cache "
        "and API rate limit, so the limit applies per process."
    )
    search_dir: str = Field(
        "", description="Folder of the search index (tantivy); empty means '<database>.search' "
        "beside an SQLite file, or tumen/search/<database> under $XDG_DATA_HOME "
        "(~/.local/share) for PostgreSQL. Every process of one deployment must name the same."
    )
    search_concurrency: int = Field(
        0, ge=0, description="Searches one web process runs at the same time (0: one per CPU); "
        "more wait their turn, which serves a burst of new queries faster than sharing the CPUs."
    )
    secret_key: str = Field("", description="Key that signs sessions; generated if empty.")
    key_file: str = Field("", description="File holding the key that encrypts confidential notes.")
    require_login: bool = Field(False, description="Require a login to read public pages too.")
    cookie_secure: bool = Field(
        True, description="Send session cookies over HTTPS only; turn off only for plain-HTTP "
        "tests on 127.0.0.1."
    )
    session_hours: float = Field(12.0, description="Hours a login session lasts.")
    login_max_failures: int = Field(
        5, description="Failed logins per username within login_window_minutes before a lock."
    )
    login_max_failures_ip: int = Field(
        20, description="Failed logins per IP address within the window before a lock."
    )
    login_window_minutes: int = Field(15, description="Window of the login throttle, in minutes.")
    api_rate_limit: int = Field(
        300, description="Requests per minute per client (token or IP) to /api/; 0: no limit."
    )
    max_upload_bytes: int = Field(
        1_000_000, description="Largest request body accepted by the web app (413 above)."
    )
    max_attachment_bytes: int = Field(
        10_000_000, description="Largest confidential attachment accepted (413 above); bodies "
        "are also bounded by max_upload_bytes."
    )
    smtp_host: str = Field("", description="SMTP server for alert and digest e-mail; empty: none.")
    smtp_port: int = Field(25, description="Port of the SMTP server.")
    smtp_user: str = Field("", description="SMTP login name; empty means no login.")
    smtp_password: str = Field("", description="SMTP password, used with smtp_user.")
    smtp_starttls: bool = Field(False, description="Upgrade the SMTP connection with STARTTLS.")
    smtp_from: str = Field("tumen@localhost", description="Sender address of alert e-mail.")
    webhook_secret: str = Field(
        "", description="Default HMAC-SHA256 key for webhooks of rules that have none."
    )
    webhook_timeout: float = Field(10.0, description="Seconds a webhook receiver may take.")
    delivery_attempts: int = Field(
        3, description="Attempts per delivery within one watch tick, with backoff."
    )
    delivery_max_attempts: int = Field(
        12, description="Attempts across ticks before a delivery is marked failed."
    )
    watch_tick: float = Field(15.0, description="Seconds between two rounds of `tumen watch`.")
    def archive_path(self) -> Path:
        """Folder where WARC snapshots are written."""
        if self.archive_dir:
            return Path(self.archive_dir)
        if "://" in self.db:
            return Path("archive")
        return Path(self.db).resolve().parent / "archive"
