"""The workstation's HTTP client of the district server (issue 11), over httpx.

One method per endpoint of the sync API, each taking and giving the protocol models; every
failure is one of the typed errors below, so the caller (`desk_app.services.sync`) decides by
type alone: retry later (`ServerUnreachable`, `ServerFailed`), enroll again and keep the outbox
(`DeviceRevoked`, `DeviceUnknown`), or show the server's word (`EnrollmentRefused`,
`ServerRefused`).

Plain ``http://`` is refused unless the server is on this computer (a loopback address) or the
administrator allowed it for a closed office network (``allow_http_lan``): the token and the
applicants' data travel in these requests. The token is never logged, never put in an error.
"""

from __future__ import annotations

import ipaddress
import logging
from datetime import datetime
from types import TracebackType
from typing import Any, TypeVar

import httpx
from pydantic import BaseModel, ValidationError

from desk_app.core.errors import N_, DeskError
from desk_app.sync.protocol import (
    MAX_PULL_CHANGES,
    AttachmentState,
    EnrollIn,
    EnrollOut,
    ErrorOut,
    PullOut,
    PushIn,
    PushOut,
)

log = logging.getLogger(__name__)

DEFAULT_TIMEOUT_S = 30.0
_M = TypeVar("_M", bound=BaseModel)


class SyncClientError(DeskError):
    """Base of what talking to the district server can end in. ``word`` is a short machine
    word for the outbox's last_error and the logs (no personal data, no token)."""

    word = "sync_error"
    retry = False  # True: the same request may succeed later as it is


class InsecureServerUrl(SyncClientError):
    word = "insecure_url"
    msgid = N_(
        "Địa chỉ máy chủ quận {url} dùng http không mã hóa tới một máy khác; hãy dùng https, "
        "hoặc chỉ trong mạng nội bộ khép kín mới bật cho phép http (--allow-http-lan)."
    )


class BadServerUrl(SyncClientError):
    word = "bad_url"
    msgid = N_("Địa chỉ máy chủ quận “{url}” không hợp lệ; cần dạng https://TÊN-MÁY[:CỔNG].")


class ServerUnreachable(SyncClientError):
    word = "unreachable"
    retry = True
    msgid = N_(
        "Không kết nối được máy chủ quận ({reason}); các hồ sơ chờ gửi vẫn được giữ và sẽ gửi "
        "lại sau."
    )


class ServerFailed(SyncClientError):
    word = "server_error"
    retry = True
    msgid = N_(
        "Máy chủ quận đang gặp lỗi (mã {status}); các hồ sơ chờ gửi vẫn được giữ và sẽ gửi lại sau."
    )


class DeviceRevoked(SyncClientError):
    word = "device_revoked"
    msgid = N_(
        "Máy trạm này đã bị máy chủ quận thu hồi quyền đồng bộ. Không có gì bị xóa: các sự kiện "
        "chờ gửi vẫn được giữ (desk-app sync --export TỆP để xuất chúng); hãy xin quản trị quận "
        "một mã mới rồi đăng ký lại: desk-app enroll ĐỊA-CHỈ MÃ."
    )


class DeviceUnknown(SyncClientError):
    word = "device_unknown"
    msgid = N_(
        "Máy chủ quận không nhận ra máy trạm này. Không có gì bị xóa: các sự kiện chờ gửi vẫn "
        "được giữ; hãy xin quản trị quận một mã mới rồi đăng ký lại: desk-app enroll ĐỊA-CHỈ MÃ."
    )


class EnrollmentRefused(SyncClientError):
    word = "enrollment_refused"
    msgid = N_(
        "Máy chủ quận từ chối mã đăng ký: sai mã, mã đã dùng, đã hết hạn hoặc không thuộc cơ "
        "quan này. Hãy xin quản trị quận một mã mới."
    )


class WorkstationDiffers(SyncClientError):
    word = "workstation_differs"
    msgid = N_(
        "Mã đăng ký này được cấp cho một máy trạm có số khác với máy này (mã vẫn dùng được cho "
        "đúng máy đó). Hãy xin quận mã cấp cho số máy trạm này."
    )


class ServerRefused(SyncClientError):
    word = "refused"
    msgid = N_("Máy chủ quận từ chối yêu cầu (mã {status}, lý do: {error}).")

    def __init__(self, *, status: int, error: str) -> None:
        super().__init__(status=status, error=error)
        self.status, self.error = status, error


class AttachmentMismatch(SyncClientError):
    """The server received a whole scan whose bytes did not hash to its SHA-256 and dropped it
    (damaged on the way): send it again from byte 0."""

    word = "sha_mismatch"
    retry = True
    msgid = N_(
        "Máy chủ quận nhận tệp đính kèm {sha} nhưng mã băm không khớp (hỏng trên đường truyền) "
        "nên đã bỏ; tệp sẽ được gửi lại từ đầu."
    )


class BadAnswer(SyncClientError):
    """A 2xx whose body is not the protocol's: another program answers at that address."""

    word = "bad_answer"
    retry = True
    msgid = N_(
        "Câu trả lời từ {url} không phải của máy chủ quận; hãy kiểm tra lại địa chỉ máy chủ."
    )


LOOPBACK_NAMES = frozenset({"localhost", "localhost.localdomain"})


def is_loopback(host: str) -> bool:
    """127.0.0.0/8, ::1 or the name localhost."""
    name = host.strip("[]").lower()
    if name in LOOPBACK_NAMES or name.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def check_server_url(url: str, *, allow_http_lan: bool = False) -> str:
    """The base URL without a trailing slash, or a typed refusal (see the module's word)."""
    text = url.strip()
    try:
        parsed = httpx.URL(text)
    except (httpx.InvalidURL, TypeError):
        raise BadServerUrl(url=text[:200]) from None
    if parsed.scheme not in ("http", "https") or not parsed.host or any(c.isspace() for c in text):
        raise BadServerUrl(url=text[:200])
    if parsed.scheme == "http" and not is_loopback(parsed.host) and not allow_http_lan:
        raise InsecureServerUrl(url=text[:200])
    return text.rstrip("/")


class SyncClient:
    """The district server at ``base_url``; ``token`` is this device's (None: enroll only)."""

    def __init__(
        self,
        base_url: str,
        token: str | None = None,
        *,
        allow_http_lan: bool = False,
        timeout: float = DEFAULT_TIMEOUT_S,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.base_url = check_server_url(base_url, allow_http_lan=allow_http_lan)
        self._token = token
        self._http = httpx.Client(
            base_url=self.base_url,
            timeout=timeout,
            transport=transport,
            follow_redirects=False,
            headers={"User-Agent": "desk-app-sync"},
        )

    def __repr__(self) -> str:  # never the token
        return f"SyncClient({self.base_url!r})"

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> SyncClient:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()

    # --- the API ---------------------------------------------------------------------------

    def enroll(self, body: EnrollIn) -> EnrollOut:
        answer = self._send("POST", "/api/enroll", json=body.model_dump(mode="json"), auth=False)
        return self._read(answer, EnrollOut)

    def push(self, body: PushIn) -> PushOut:
        answer = self._send(
            "POST",
            "/api/sync/push",
            content=body.model_dump_json().encode("utf-8"),
            headers={"Content-Type": "application/json"},
        )
        return self._read(answer, PushOut)

    def pull(self, after: int, limit: int = MAX_PULL_CHANGES) -> PullOut:
        answer = self._send("GET", "/api/sync/pull", params={"after": after, "limit": limit})
        return self._read(answer, PullOut)

    def attachment_state(self, sha256: str) -> AttachmentState:
        """What the server holds of the scan ``sha256`` (of this device's office)."""
        answer = self._send("GET", f"/api/attachments/{_hex(sha256)}")
        return self._read(answer, AttachmentState)

    def put_chunk(self, sha256: str, offset: int, size: int, data: bytes) -> AttachmentState:
        """Bytes ``offset``.. of the ``size``-byte scan ``sha256``; the server's state after
        them. `AttachmentMismatch` when they completed the file and it did not verify."""
        try:
            answer = self._send(
                "PUT",
                f"/api/attachments/{_hex(sha256)}/chunks",
                params={"offset": offset, "size": size},
                content=data,
                headers={"Content-Type": "application/octet-stream"},
            )
        except ServerRefused as refused:
            if refused.error == AttachmentMismatch.word:
                raise AttachmentMismatch(sha=sha256[:12]) from None
            raise
        return self._read(answer, AttachmentState)

    def server_time(self) -> datetime:
        answer = self._send("GET", "/api/time", auth=False)
        try:
            moment = datetime.fromisoformat(answer.json()["server_time"])
        except (ValueError, KeyError, TypeError):
            raise BadAnswer(url=self.base_url) from None
        if moment.tzinfo is None:
            raise BadAnswer(url=self.base_url)
        return moment

    # --- plumbing --------------------------------------------------------------------------

    def _send(self, method: str, path: str, *, auth: bool = True, **kwargs: Any) -> httpx.Response:
        headers: dict[str, str] = dict(kwargs.pop("headers", None) or {})
        if auth:
            if not self._token:
                raise DeviceUnknown()
            headers["Authorization"] = f"Bearer {self._token}"
        try:
            answer = self._http.request(method, path, headers=headers, **kwargs)
        except httpx.TimeoutException:
            log.info("district server: %s %s timed out", method, path)
            raise ServerUnreachable(reason=N_("hết thời gian chờ")) from None
        except httpx.TransportError as error:  # connect, reset, protocol, proxy
            log.info("district server: %s %s failed (%s)", method, path, type(error).__name__)
            raise ServerUnreachable(reason=N_("mất kết nối")) from None
        if answer.status_code >= 400:
            raise self._refusal(answer)
        return answer

    def _refusal(self, answer: httpx.Response) -> SyncClientError:
        status = answer.status_code
        word = _error_word(answer)
        log.info("district server answered %d %s", status, word)
        if status >= 500:
            return ServerFailed(status=status)
        if status == 401:
            return DeviceRevoked() if word == "device_revoked" else DeviceUnknown()
        if status == 403:
            return EnrollmentRefused()
        if status == 409 and word == WorkstationDiffers.word:
            return WorkstationDiffers()
        return ServerRefused(status=status, error=word)

    def _read(self, answer: httpx.Response, model: type[_M]) -> _M:
        try:
            return model.model_validate_json(answer.content)
        except ValidationError:
            raise BadAnswer(url=self.base_url) from None


def _hex(sha256: str) -> str:
    """A SHA-256 as it goes in a path: 64 hex digits, nothing else."""
    if len(sha256) != 64 or any(c not in "0123456789abcdef" for c in sha256):
        raise ValueError("not a SHA-256 in hex")
    return sha256


def _error_word(answer: httpx.Response) -> str:
    """The ErrorOut.error of a refusal, or "http_<status>" when the body is not one."""
    try:
        return ErrorOut.model_validate_json(answer.content).error[:64]
    except ValidationError:
        return f"http_{answer.status_code}"
